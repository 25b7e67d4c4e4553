"""The reference client: the executable specification of the documented http.client API."""
