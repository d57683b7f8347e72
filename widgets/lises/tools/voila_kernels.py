"""The exercise server's kernel manager: a cap on kernels, and pools that heal themselves.

Voilà starts a Python kernel (about 90 MB) for every page load.  A server that others can reach
must not start kernels without limit, so :class:`CappedKernelManager` refuses a new kernel once
``max_kernels`` are running or starting, with HTTP 503; the ``lises`` template's ``503.html``
turns that into a Danish "fuldt" page.  It is configured as
``VoilaConfiguration.multi_kernel_manager_class`` in ``etc/jupyter/voila.json``; Voilà builds its
pooling ``VoilaKernelManager`` on top of it, so pooled and cold starts both pass through
:meth:`CappedKernelManager.start_kernel`.

Only the Voilà server process imports this module (it needs jupyter_server, not ipywidgets).
"""

from __future__ import annotations

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

FULL = "fuldt: serveren kører allerede det største antal øvelser, den må"


def _failed(task) -> bool:
    return task.done() and (task.cancelled() or task.exception() is not None)


def _pooled_kernel(task) -> str | None:
    """The kernel id a finished pool entry holds (``None`` while starting or if it failed)."""
    return None if not task.done() or _failed(task) else task.result()["kernel_id"]


class CappedKernelManager(AsyncMappingKernelManager):
    """Jupyter's kernel manager with a cap on the number of kernels (``max_kernels``)."""

    max_kernels = Integer(
        0,
        config=True,
        help="Most kernels (pages plus preheated pool) at once; 0 means no cap.",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Kernels enter the manager's table only once they are up; count the ones on their way
        # too (by id, see kernel_count), or a class arriving at once would all pass the check.
        self._starting_ids: set[str] = set()
        # Voilà's pooling subclass counts a pool entry still waiting out ``fill_delay`` as a
        # ready kernel, so a learner arriving after the pool ran dry waited for the delayed
        # refill (30 s) instead of a cold start (3 s).  An instance attribute overrides the
        # subclass's method: Voilà's handler asks it before taking a pooled kernel.
        self.get_pool_size = self._ready_in_pool
        # Voilà's pooling subclass defines ``get_rendered_notebook``; wrapping the bound method
        # is the only way this base class sees a pooled kernel being handed out.
        handed_out = getattr(self, "get_rendered_notebook", None)
        if handed_out is not None:
            self.get_rendered_notebook = self._fresh_on_hand_out(handed_out)

    def kernel_count(self) -> int:
        """Kernels running or starting, each once.

        A starting kernel joins the running ones before Jupyter's start returns (it then waits
        for the kernel's first reply): counted by number in both, a class's kernels starting at
        once under load were counted twice, and the last students of 30 got "fuldt" with 38
        kernels under a cap of 52.  So starting kernels are counted by their id.
        """
        return len(set(self.list_kernel_ids()) | self._starting_ids)

    def room_left(self) -> int | None:
        """How many more kernels may start (``None``: no cap)."""
        if self.max_kernels <= 0:
            return None
        return max(self.max_kernels - self.kernel_count(), 0)

    def _ready_in_pool(self, notebook_name: str) -> int:
        """Preheated kernels ready for ``notebook_name``; they are put first in the pool, where
        Voilà takes the next one, and failed entries are dropped."""
        pool = getattr(self, "_pools", {}).get(notebook_name)
        if not pool:
            return 0
        ready = [task for task in pool if _pooled_kernel(task) is not None]
        pool[:] = ready + [task for task in pool if not task.done()]
        return len(ready)

    def _fresh_on_hand_out(self, get_rendered_notebook):
        """``get_rendered_notebook`` that marks the kernel it hands out as just used.

        A preheated kernel's last activity is the end of its preheat, perhaps many minutes
        ago.  While it sits in its pool Voilà protects it from the culler; once handed out it
        has no connection until the page's websocket opens, a few seconds later, and the culler
        would shut it down in that window: the learner saw the "afbrudt" banner on arrival.
        """

        async def handed_out(*args, **kwargs):
            render_task, rendered, kernel_id = await get_rendered_notebook(*args, **kwargs)
            kernel = self._kernels.get(kernel_id)
            if kernel is not None:
                kernel.last_activity = utcnow()
            return render_task, rendered, kernel_id

        return handed_out

    async def start_kernel(self, *, kernel_id: str | None = None, **kwargs) -> str:
        if kernel_id is None and self.room_left() == 0:
            self.log.warning(
                "Ingen ny kerne: %d af %d kører", self.kernel_count(), self.max_kernels
            )
            raise web.HTTPError(503, FULL)
        if kernel_id is not None:  # an existing kernel (or one Voilà names): no new one here
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        kernel_id = self.new_kernel_id()
        self._starting_ids.add(kernel_id)
        try:
            return await super().start_kernel(kernel_id=kernel_id, **kwargs)
        finally:
            self._starting_ids.discard(kernel_id)

    def _handle_kernel_died(self, kernel_id: str) -> None:
        """A kernel process died (``KernelRestarter.restart_limit`` is 0 in voila.json).

        Restarting it would give a kernel without the notebook's widgets: the page's buttons
        would reach nothing.  Jupyter removes it and tells the connected page ("dead"), whose
        ``lises-forbindelse.js`` then says so.  A preheated kernel that dies must also leave
        its pool, or the next learner would be handed a page without a kernel.
        """
        super()._handle_kernel_died(kernel_id)
        for pool in getattr(self, "_pools", {}).values():
            pool[:] = [
                task
                for task in pool
                if not (
                    task.done() and not _failed(task) and task.result()["kernel_id"] == kernel_id
                )
            ]
        for data in getattr(self, "notebook_data", {}).values():
            data["kernel_ids"].discard(kernel_id)

    async def cull_kernels(self) -> None:
        await super().cull_kernels()
        self._top_up_pools()

    def _top_up_pools(self) -> None:
        """Refill the preheated pools once culling has made room.

        Voilà refills a notebook's pool only when a pooled kernel is handed out; a refill refused
        by the cap leaves a failed entry, and a pool emptied that way would stay empty for the
        rest of the class.  After each cull the failed entries are dropped and the pools are
        refilled, never beyond the room the cap leaves.
        """
        pools = getattr(self, "_pools", None)
        if pools is None:  # preheating is off: Voilà's plain manager
            return
        for notebook, pool in pools.items():
            pool[:] = [task for task in pool if not _failed(task)]
            config = self.kernel_pools_config
            wanted = config.get(notebook, config.get("default", {})).get("pool_size", 0)
            room = self.room_left()
            missing = wanted - len(pool)
            if missing > 0 and (room is None or room >= missing):
                self.fill_if_needed(delay=0, notebook_name=notebook)
