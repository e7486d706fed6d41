"""A keep-alive JSON client for the benchmark scripts that poll a Gazette on loopback."""
import http.client, json


class KeepAliveJSON:
    """GETs over one kept-alive connection to 127.0.0.1:port, reconnecting after a failure."""

    def __init__(self, port, timeout=30):
        self.port, self.timeout = port, timeout
        self.requests = 0
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def get(self, target):
        """The parsed JSON of a 200 answer; None for any other status or a failed exchange
        (the connection is then opened again for the next request)."""
        self.requests += 1
        try:
            self.connection.request("GET", target)
            response = self.connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            return None
        return json.loads(body) if response.status == 200 else None
