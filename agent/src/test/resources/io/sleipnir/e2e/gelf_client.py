"""Sends GELF messages with graypy (Debian's python3-graypy): the real client of the GELF scenario test.

usage: gelf_client.py udp|tcp PORT COUNT PAYLOAD_HEX_BYTES
Message i says "gelf message i <hex>" at WARNING from logger "gelftest", host "testhost", with the extra field
_seq=i, and is stamped 1764662400.25 + i/2 seconds so that the test knows each timestamp.
"""
import logging
import os
import sys

import graypy
from graypy.handler import GELFWarningChunker

kind, port, count, payload = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])


def stamped(record):
    record.created = 1764662400.25 + record.seq / 2
    return True


log = logging.getLogger("gelftest")
log.setLevel(logging.DEBUG)
log.propagate = False
if kind == "udp":
    handler = graypy.GELFUDPHandler("127.0.0.1", port, gelf_chunker=GELFWarningChunker(chunk_size=512),
                                    localname="testhost", debugging_fields=False)
else:
    handler = graypy.GELFTCPHandler("127.0.0.1", port, localname="testhost", debugging_fields=False)
handler.addFilter(stamped)
log.addHandler(handler)
for i in range(count):
    log.warning("gelf message %d %s", i, os.urandom(payload).hex(), extra={"seq": i})
handler.close()
