"""What the organisation app tells the others."""

from django.dispatch import Signal

# Sent once an applied staff import has been committed, with `user` (who applied it, or
# None). The annual plan listens, to follow joiners, leavers and new supervisors.
staff_import_applied = Signal()
