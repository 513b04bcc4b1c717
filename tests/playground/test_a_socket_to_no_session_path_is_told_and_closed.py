"""A websocket to a path that is not a live session's gets an error and close code 4404,
never an HTTP 500 from inside the application."""

import pytest
from channels.testing import WebsocketCommunicator

from playground.asgi import application


@pytest.mark.parametrize("path", ["/ws/", "/ws/sessions/", "/ws/sessions/abc/def/",
                                  "/anything", "/"])
async def test_a_socket_to_a_path_that_is_no_session_is_told_and_closed(path):
    ws = WebsocketCommunicator(application, path, headers=[(b"origin", b"http://localhost")])
    connected, _ = await ws.connect()
    assert connected
    message = await ws.receive_json_from()
    assert message == {"type": "error",
                       "message": "no websocket here: a live session's socket is "
                                  "/ws/sessions/<id>/"}
    closed = await ws.receive_output()
    assert closed == {"type": "websocket.close", "code": 4404}
    await ws.wait()
