"""The Stamps Membership API service module: every endpoint of the seed as one coroutine.

Importable without Qt or a display. See README "API client" for the list of methods.
"""

from .client import (
    CONNECT_TIMEOUT,
    DEFAULT_TIMEOUT,
    GET_ATTEMPTS,
    RETRY_BACKOFF_INITIAL,
    RETRY_BACKOFF_MAX,
    StampsClient,
    check_base_url,
)
from .errors import (
    ApiCertificateError,
    ApiConnectionError,
    ApiError,
    ApiStatusError,
    ApiTimeout,
    BadRequest,
    Forbidden,
    InsecureURLError,
    MethodNotAllowed,
    RequestValidationError,
    ResponseFormatError,
    ServerError,
    Unauthorized,
    about_credentials,
)
from .models import (
    Customer,
    FullProfile,
    MaritalStatus,
    MemberDetails,
    Membership,
    OtpIssued,
    PartialRegistration,
    Pong,
    RegistrationMethod,
    StatusResult,
    Suggestion,
    Suggestions,
    Tag,
    UpgradeRequirement,
    User,
)
from .requests import normalise_email, normalise_phone

__all__ = [name for name in dir() if not name.startswith("_")]
