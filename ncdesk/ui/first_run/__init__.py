"""The first-run wizard, shown when there is no database yet: the organisation, the first
admin, encryption and its recovery key, the backup folder, and how to start. Nothing is
written until Finish, which makes it all in one go (`core.services.first_setup`)."""

from ncdesk.ui.first_run.wizard import FirstRunWizard

__all__ = ["FirstRunWizard"]
