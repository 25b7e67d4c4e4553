"""A sample project implementing the http.client API (the gate example's subject)."""
