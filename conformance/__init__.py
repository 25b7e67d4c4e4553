"""The conformance suite: clause catalogue, checks and grades for any http.client implementation."""
