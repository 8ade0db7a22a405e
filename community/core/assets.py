"""Static files: read into memory before compression, so Flask-Compress compresses them whole and
no file handle is left open (its streaming path never closes the file it wraps)."""
from flask import Response, request


def buffer_static_files(response: Response) -> Response:
    """Turn a streamed static file into a buffered body (our assets are small)."""
    if request.endpoint == "static" and response.direct_passthrough:
        response.direct_passthrough = False
        response.make_sequence()
    return response
