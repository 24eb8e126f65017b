import time


def with_retries(fn, attempts=3, base_delay=0.5):
    """Call fn until it succeeds or the attempts run out, doubling the wait each time."""
    delay = base_delay
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except ConnectionError:
            if attempt == attempts:
                raise
            time.sleep(delay)
            delay *= 2
