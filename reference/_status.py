"""Ports, status-code constants and reason phrases of both editions."""

from http import HTTPStatus
from typing import Dict, Tuple

HTTP_PORT = 80  # seed 20.10: "always 80"
HTTPS_PORT = 443  # seed 20.10: "always 443"

# seed 20.10: the table of constants, with the phrases of the RFC each row cites.
SEED_STATUS: Tuple[Tuple[str, int, str], ...] = (
    ("CONTINUE", 100, "Continue"),
    ("SWITCHING_PROTOCOLS", 101, "Switching Protocols"),
    ("PROCESSING", 102, "Processing"),
    ("OK", 200, "OK"),
    ("CREATED", 201, "Created"),
    ("ACCEPTED", 202, "Accepted"),
    ("NON_AUTHORITATIVE_INFORMATION", 203, "Non-Authoritative Information"),
    ("NO_CONTENT", 204, "No Content"),
    ("RESET_CONTENT", 205, "Reset Content"),
    ("PARTIAL_CONTENT", 206, "Partial Content"),
    ("MULTI_STATUS", 207, "Multi-Status"),
    ("IM_USED", 226, "IM Used"),
    ("MULTIPLE_CHOICES", 300, "Multiple Choices"),
    ("MOVED_PERMANENTLY", 301, "Moved Permanently"),
    ("FOUND", 302, "Found"),
    ("SEE_OTHER", 303, "See Other"),
    ("NOT_MODIFIED", 304, "Not Modified"),
    ("USE_PROXY", 305, "Use Proxy"),
    ("TEMPORARY_REDIRECT", 307, "Temporary Redirect"),
    ("BAD_REQUEST", 400, "Bad Request"),
    ("UNAUTHORIZED", 401, "Unauthorized"),
    ("PAYMENT_REQUIRED", 402, "Payment Required"),
    ("FORBIDDEN", 403, "Forbidden"),
    ("NOT_FOUND", 404, "Not Found"),
    ("METHOD_NOT_ALLOWED", 405, "Method Not Allowed"),
    ("NOT_ACCEPTABLE", 406, "Not Acceptable"),
    ("PROXY_AUTHENTICATION_REQUIRED", 407, "Proxy Authentication Required"),
    ("REQUEST_TIMEOUT", 408, "Request Timeout"),
    ("CONFLICT", 409, "Conflict"),
    ("GONE", 410, "Gone"),
    ("LENGTH_REQUIRED", 411, "Length Required"),
    ("PRECONDITION_FAILED", 412, "Precondition Failed"),
    ("REQUEST_ENTITY_TOO_LARGE", 413, "Request Entity Too Large"),
    ("REQUEST_URI_TOO_LONG", 414, "Request-URI Too Long"),
    ("UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported Media Type"),
    ("REQUESTED_RANGE_NOT_SATISFIABLE", 416, "Requested Range Not Satisfiable"),
    ("EXPECTATION_FAILED", 417, "Expectation Failed"),
    ("UNPROCESSABLE_ENTITY", 422, "Unprocessable Entity"),
    ("LOCKED", 423, "Locked"),
    ("FAILED_DEPENDENCY", 424, "Failed Dependency"),
    ("UPGRADE_REQUIRED", 426, "Upgrade Required"),
    ("INTERNAL_SERVER_ERROR", 500, "Internal Server Error"),
    ("NOT_IMPLEMENTED", 501, "Not Implemented"),
    ("BAD_GATEWAY", 502, "Bad Gateway"),
    ("SERVICE_UNAVAILABLE", 503, "Service Unavailable"),
    ("GATEWAY_TIMEOUT", 504, "Gateway Timeout"),
    ("HTTP_VERSION_NOT_SUPPORTED", 505, "HTTP Version Not Supported"),
    ("INSUFFICIENT_STORAGE", 507, "Insufficient Storage"),
    ("NOT_EXTENDED", 510, "Not Extended"),
)


def seed_constants() -> Dict[str, int]:
    """Constant name -> code, as plain ints (seed 20.10 table)."""
    return {name: code for name, code, _ in SEED_STATUS}


def seed_responses() -> Dict[int, str]:
    """``responses`` of the seed edition: code -> W3C name."""
    return {code: phrase for _, code, phrase in SEED_STATUS}


def modern_constants() -> Dict[str, HTTPStatus]:
    """Every ``http.HTTPStatus`` member (aliases included) by name (modern docs)."""
    return dict(HTTPStatus.__members__)


def modern_responses() -> Dict[int, str]:
    """``responses`` of the modern edition: code -> today's phrase."""
    return {status.value: status.phrase for status in HTTPStatus}
