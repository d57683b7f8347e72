"""The facilitator's view of a workshop and the room summaries it shows."""
