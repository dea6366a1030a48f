from fazhi.core.context import reset_request, set_request


class RequestContextMiddleware:
    """Makes the request available to the audit trail without passing it through every service."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_request(request)
        try:
            return self.get_response(request)
        finally:
            reset_request(token)
