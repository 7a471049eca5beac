#!/usr/bin/env python3
"""ICE time to connected on loopback with aioice (the ICE agent aiortc uses), for ice-bench.

Two aioice Connections (controlling and controlled) in one process gather host candidates on
127.0.0.1 only (the loopback patch of ../shared/reference/real-peers.md §4: aioice skips
127.0.0.1 by default), exchange credentials and candidates directly, and connect concurrently.
The time from the start of both connect() calls until both return is measured, `--rounds`
times after `--warmup` rounds; the median in milliseconds is printed as `aioice_ms: X`.
"""
import argparse
import asyncio
import statistics
import time

import aioice
import aioice.ice


def loopback_only(use_ipv4=True, use_ipv6=False):
    return ["127.0.0.1"]


aioice.ice.get_host_addresses = loopback_only


async def one_round() -> float:
    a = aioice.Connection(ice_controlling=True, components=1)
    b = aioice.Connection(ice_controlling=False, components=1)
    await a.gather_candidates()
    await b.gather_candidates()
    for candidate in a.local_candidates:
        await b.add_remote_candidate(candidate)
    await b.add_remote_candidate(None)
    for candidate in b.local_candidates:
        await a.add_remote_candidate(candidate)
    await a.add_remote_candidate(None)
    a.remote_username, a.remote_password = b.local_username, b.local_password
    b.remote_username, b.remote_password = a.local_username, a.local_password
    start = time.perf_counter()
    await asyncio.gather(a.connect(), b.connect())
    elapsed = (time.perf_counter() - start) * 1000.0
    await a.close()
    await b.close()
    return elapsed


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    for _ in range(args.warmup):
        await one_round()
    samples = [await one_round() for _ in range(args.rounds)]
    print(f"aioice_ms: {statistics.median(samples):.3f} (aioice {aioice.__version__ if hasattr(aioice, '__version__') else '?'}, {args.rounds} rounds, min {min(samples):.3f})")


if __name__ == "__main__":
    asyncio.run(main())
