"""Security events: one structured log, and a record of who viewed or exported what.

`security_event` writes one JSON line to the `practiceqa.security` logger (see LOGGING in
settings): sign-ins and their failures, lock-outs, second-factor events, refused pages,
account and permission changes, imports applied and exports. `record_access` also keeps a
row in the database of who viewed or exported an audit, a staff record or a compliance
export, which the Principal Social Worker and QA administrators can search.
"""

from practiceqa.core.security.events import client_ip, security_event
from practiceqa.core.security.records import record_access

__all__ = ["client_ip", "record_access", "security_event"]
