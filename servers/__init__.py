"""A catalogue of scripted, misbehaving HTTP/1.x servers and the runtime that plays them."""
