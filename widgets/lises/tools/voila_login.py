"""The exercise server's login page in Danish.

The exercises served to a class (``python -m lises.tools.serve --class``) sit behind a token;
whoever opens them without the token (or with a wrong one) gets Jupyter's login page, which is
English and talks about ``jupyter server list``.  Voilà renders that page from jupyter_server's
own templates, so the ``lises`` template cannot override it by name:
:class:`DanishIdentityProvider` (``Voila.identity_provider_class`` in ``etc/jupyter/voila.json``)
serves the login through :class:`DanishLoginHandler`, which takes ``login.html`` from the Voilà
template paths, where the ``lises`` template comes first.

Only the Voilà server process imports this module.
"""

from __future__ import annotations

from jupyter_server.auth.identity import PasswordIdentityProvider
from voila.voila_identity_provider import VoilaLoginHandler


class DanishLoginHandler(VoilaLoginHandler):
    """Voilà's login handler, rendering the ``lises`` template's ``login.html``."""

    def get_template(self, name):
        return self.settings["voila_jinja2_env"].get_template(name)


class DanishIdentityProvider(PasswordIdentityProvider):
    """Jupyter's token and password check, with the Danish login page."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Voilà passes its own login handler as an argument, which beats any configuration.
        self.login_handler_class = DanishLoginHandler
