"""``http.client`` as this sample project ships it: the interpreter's module with
one deviation planted on purpose, so its gate has a known deviation to keep.

Planted: ``responses[404]`` reads "Not Here" (both editions document "Not Found").
"""

import http.client as _stdlib

globals().update({name: value for name, value in vars(_stdlib).items()
                  if not name.startswith("_")})

responses = dict(_stdlib.responses)
responses[404] = "Not Here"
