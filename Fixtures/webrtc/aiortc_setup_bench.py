"""Time aiortc's call setup on loopback, for sdk-bench's comparison: two RTCPeerConnections in
one process (one audio track each, no signalling server), from createOffer until both report
ICE 'completed'/'connected' (the moment the SDK's onMediaConnected fires). Prints one JSON
object: {"runs": N, "median_ms": …, "p90_ms": …, "samples_ms": […]}."""
import asyncio
import json
import statistics
import sys
import time

from aiortc import RTCPeerConnection
from aiortc.mediastreams import AudioStreamTrack


async def one_setup():
    a, b = RTCPeerConnection(), RTCPeerConnection()
    a.addTrack(AudioStreamTrack())
    b.addTrack(AudioStreamTrack())
    done_a, done_b = asyncio.Event(), asyncio.Event()

    @a.on("iceconnectionstatechange")
    def _a():
        if a.iceConnectionState in ("completed", "connected"):
            done_a.set()

    @b.on("iceconnectionstatechange")
    def _b():
        if b.iceConnectionState in ("completed", "connected"):
            done_b.set()

    start = time.perf_counter()
    await a.setLocalDescription(await a.createOffer())
    await b.setRemoteDescription(a.localDescription)
    await b.setLocalDescription(await b.createAnswer())
    await a.setRemoteDescription(b.localDescription)
    await asyncio.wait_for(asyncio.gather(done_a.wait(), done_b.wait()), 20)
    elapsed = (time.perf_counter() - start) * 1000
    await a.close()
    await b.close()
    return elapsed


async def main(runs):
    await one_setup()  # warm-up
    samples = [await one_setup() for _ in range(runs)]
    ordered = sorted(samples)
    print(json.dumps({"runs": runs, "median_ms": statistics.median(samples),
                      "p90_ms": ordered[int(0.9 * (len(ordered) - 1))], "samples_ms": samples}))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
