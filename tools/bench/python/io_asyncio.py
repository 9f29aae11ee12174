"""asyncio against the bench's loopback server, stdlib only: `connections` coroutines,
each with its own keep-alive connection (asyncio.open_connection), share `count` GETs.
A warm-up batch, then timed rounds; prints the milliseconds of each round as JSON."""
import asyncio
import json
import sys
import time


async def worker(port, share):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    for _ in range(share):
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        await reader.readexactly(length)
    writer.close()
    await writer.wait_closed()


async def batch(port, count, connections):
    shares = [count // connections + (1 if i < count % connections else 0) for i in range(connections)]
    begin = time.perf_counter()
    await asyncio.gather(*(worker(port, share) for share in shares if share > 0))
    return (time.perf_counter() - begin) * 1000


async def main(port, count, connections, rounds):
    await batch(port, max(connections, count // 10), connections)
    return [await batch(port, count, connections) for _ in range(rounds)]


if __name__ == "__main__":
    port, count, connections, rounds = (int(x) for x in sys.argv[1:5])
    print(json.dumps({"ms": asyncio.run(main(port, count, connections, rounds))}))
