#!/usr/bin/env python3
"""Load on `ungcuu serve`: REPORTERS citizens on the public page, each from its own loopback
address, and WRITERS signed-in officers filing incidents, all at once for SECONDS; /healthz is
timed meanwhile. Prints the answers by status and the rows stored, side by side: every 2xx must
be a stored row and nothing stored without one.

usage: bench/load.py BINARY [SECONDS] [REPORTERS] [WRITERS] [DB_URL]"""
import collections
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'tests', 'support', 'py'))
from ungcuu_http import Client, form03, start_server  # noqa: E402

binary = os.path.abspath(sys.argv[1])
seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 60
reporters = int(sys.argv[3]) if len(sys.argv) > 3 else 200
writers = int(sys.argv[4]) if len(sys.argv) > 4 else 200
marker = 'tai-thu-%d' % os.getpid()

with tempfile.TemporaryDirectory() as work:
    db_url = sys.argv[5] if len(sys.argv) > 5 else 'sqlite:%s/load.db' % work
    server, port = start_server(binary, db_url, work, '--events-db', work + '/events.db')
    try:
        setup = Client(port)
        officer = setup.sign_in('canbo.hoaphu')
        status, systems, _ = setup.request(
            'GET', '/api/v1/systems?limit=50&owner_unit_id=%d' % officer['unit_id'])
        system_id = systems['items'][0]['id']
        counts = {'reporters': collections.Counter(), 'writers': collections.Counter()}
        lock = threading.Lock()
        start = threading.Barrier(reporters + writers + 2)  # and the prober, and this thread
        stop = threading.Event()

        def count(kind, key):
            with lock:
                counts[kind][key] += 1

        def reporter(n):
            # 127.0.1.x … : one address per citizen, as on the Internet.
            client = Client(port, source='127.0.%d.%d' % (1 + n // 250, 1 + n % 250))
            start.wait()
            k = 0
            while not stop.is_set():
                k += 1
                body = {'name': 'Người dân %d' % n, 'email': 'dan%d@example.com' % n,
                        'affected': '%s-%d-%d' % (marker, n, k),
                        'description': 'Trang web của xã hiện nội dung lạ (%s).' % marker}
                try:
                    status, _, headers = client.request('POST', '/api/v1/public/reports', body)
                except OSError:
                    count('reporters', 'connection error')
                    continue
                count('reporters', status)
                if status == 429:  # told when to come back: wait (within the run)
                    stop.wait(min(float(headers.get('Retry-After', '5')), 5.0))

        def writer(n):
            client = Client(port)
            start.wait()
            while not stop.is_set():  # signing in is long work: a busy server says when to retry
                try:
                    status, body, headers = client.request(
                        'POST', '/api/v1/session', {'login': 'canbo.hoaphu',
                                                    'password': 'ungcuu-demo-2026'})
                except OSError:
                    count('writers', 'connection error')
                    continue
                if status == 200:
                    client.cookie = re.search(r'ungcuu_session=([^;]*)',
                                              headers['Set-Cookie']).group(1)
                    client.csrf = body['csrf_token']
                    count('writers', 'signed in')
                    break
                count('writers', 'sign-in %d' % status)
                stop.wait(float(headers.get('Retry-After', '1')))
            k = 0
            while not stop.is_set():
                k += 1
                try:
                    status, _, headers = client.request(
                        'POST', '/api/v1/incidents',
                        form03('%s %d-%d' % (marker, n, k), system_id))
                except OSError:
                    count('writers', 'connection error')
                    continue
                count('writers', status)
                if status == 503:
                    stop.wait(float(headers.get('Retry-After', '1')))

        health = []

        def prober():
            # curl in its own process, so that the load generator's own threads (and Python's
            # lock) do not count in the figure.
            start.wait()
            while not stop.is_set():
                out = subprocess.run(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total}',
                                      'http://127.0.0.1:%d/healthz' % port],
                                     capture_output=True, text=True).stdout.split()
                if len(out) == 2:
                    health.append((float(out[1]) * 1000, int(out[0])))
                stop.wait(0.2)

        threads = [threading.Thread(target=reporter, args=(n,)) for n in range(reporters)]
        threads += [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
        probe = threading.Thread(target=prober)
        for t in threads + [probe]:
            t.start()
        start.wait()
        time.sleep(seconds)
        stop.set()
        for t in threads + [probe]:
            t.join()

        reader = Client(port)
        reader.sign_in('dieuphoi')

        def stored(query):
            total, cursor = 0, ''
            while True:
                status, page, _ = reader.request(
                    'GET', '/api/v1/incidents?limit=500&q=%s%s%s' % (marker, query, cursor))
                assert status == 200, page
                total += len(page['items'])
                if not page.get('next_cursor'):
                    return total
                cursor = '&cursor=' + page['next_cursor']

        public_rows = stored('&source=public')
        filed_rows = stored('&source=manual')
        latencies = sorted(ms for ms, _ in health)
        print('%d s, %d reporters (one address each), %d signed-in writers, %s' %
              (seconds, reporters, writers, db_url.split(':')[0]))
        print('%-28s %-44s %s' % ('who', 'answers by status', 'rows stored'))
        rows_of = (('reporters', 'reporters (public page)', public_rows, 202),
                   ('writers', 'writers (Mẫu 03 intake)', filed_rows, 201))
        for kind, label, rows, ok in rows_of:
            answers = ', '.join('%s: %d' % (k, v) for k, v in sorted(counts[kind].items(),
                                                                     key=lambda kv: str(kv[0])))
            print('%-28s %-44s %d%s' % (label, answers, rows,
                                         '' if rows == counts[kind][ok] else
                                         '   ≠ %d acknowledged!' % counts[kind][ok]))
        print('/healthz during the run: %d probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms, '
              'statuses %s' % (len(latencies), statistics.median(latencies),
                               latencies[int(len(latencies) * 0.99) - 1], latencies[-1],
                               dict(collections.Counter(s for _, s in health))))
        bad = [kind for kind, _, rows, ok in rows_of if rows != counts[kind][ok]]
        sys.exit(1 if bad else 0)
    finally:
        server.terminate()
        server.wait()
