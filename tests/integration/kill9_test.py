#!/usr/bin/env python3
"""kill -9 during writes: nothing acknowledged is lost, on SQLite and on PostgreSQL.

The real binary serves the demo province. Officers file incidents (acknowledged by 201 with the
incident's id) and a machine sends log batches (acknowledged by 202) from several threads; once
enough are acknowledged the server is killed with SIGKILL, in the middle of both. It is started
again on the same database, twice over, and every acknowledged incident must be there with its
title, every line of every acknowledged batch in the raw event store.

usage: kill9_test.py UNGCUU_BINARY   (PostgreSQL when UNGCUU_TEST_PG_DSN names a server)"""
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'support', 'py'))
from ungcuu_http import Client, form03, start_server  # noqa: E402

CYCLES = 2
WRITERS = 4
SENDERS = 2
LINES_PER_BATCH = 50


def setup(port):
    coordinator = Client(port)
    coordinator.sign_in('dieuphoi')
    officer = Client(port)
    user = officer.sign_in('canbo.hoaphu')
    unit = user['unit_id']
    status, systems, _ = officer.request('GET', '/api/v1/systems?limit=50&owner_unit_id=%d' % unit)
    assert status == 200 and systems['items'], systems
    system_id = systems['items'][0]['id']
    status, source, _ = coordinator.request('POST', '/api/v1/log-sources', {
        'unit_id': unit, 'name': 'kill9 %d' % time.monotonic_ns(), 'kind': 'http',
        'format': 'syslog'})
    assert status == 201, source
    status, token, _ = coordinator.request('POST', '/api/v1/me/tokens', {'name': 'kill9'})
    assert status == 201, token
    return system_id, source['id'], token['token']


def run_cycle(binary, db_url, events_db, work, cycle, acknowledged):
    server, port = start_server(binary, db_url, work, '--events-db', events_db)
    system_id, source_id, token = setup(port)
    stop = threading.Event()
    lock = threading.Lock()

    def writer(n):
        client = Client(port)
        try:
            client.sign_in('canbo.hoaphu')
        except (OSError, RuntimeError):
            return
        k = 0
        while not stop.is_set():
            title = 'Sự cố kiểm thử %d-%d-%d' % (cycle, n, k)
            k += 1
            try:
                status, body, _ = client.request('POST', '/api/v1/incidents', form03(title, system_id))
            except OSError:
                return
            if status == 201:
                with lock:
                    acknowledged['incidents'][body['id']] = title

    def sender(n):
        client = Client(port)
        client.token = token
        k = 0
        while not stop.is_set():
            marks = ['MARK-%d-%d-%d-%d' % (cycle, n, k, i) for i in range(LINES_PER_BATCH)]
            k += 1
            lines = '\n'.join('<38>1 2026-03-01T10:00:01+07:00 web01 sshd 4001 - - %s' % m
                              for m in marks)
            try:
                status, _, _ = client.request('POST', '/api/v1/ingest?source=%d' % source_id,
                                              lines.encode(), content_type='text/plain')
            except OSError:
                return
            if status == 202:
                with lock:
                    acknowledged['lines'].update(marks)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    threads += [threading.Thread(target=sender, args=(n,)) for n in range(SENDERS)]
    before = (len(acknowledged['incidents']), len(acknowledged['lines']))
    for t in threads:
        t.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with lock:
            done = (len(acknowledged['incidents']) - before[0] >= 20 and
                    len(acknowledged['lines']) - before[1] >= 20 * LINES_PER_BATCH)
        if done:
            break
        time.sleep(0.05)
    os.kill(server.pid, signal.SIGKILL)  # in the middle of writes: the threads are still sending
    server.wait()
    stop.set()
    for t in threads:
        t.join()
    print('cycle %d: killed after %d incidents and %d log lines acknowledged in all'
          % (cycle, len(acknowledged['incidents']), len(acknowledged['lines'])))


def check(binary, db_url, events_db, work, acknowledged):
    server, port = start_server(binary, db_url, work, '--events-db', events_db, demo=False)
    try:
        coordinator = Client(port)
        coordinator.sign_in('dieuphoi')
        missing = []
        for incident_id, title in acknowledged['incidents'].items():
            status, body, _ = coordinator.request('GET', '/api/v1/incidents/%d' % incident_id)
            if status != 200 or body.get('title') != title:
                missing.append((incident_id, status))
        assert not missing, 'acknowledged incidents lost: %s' % missing[:10]
    finally:
        server.terminate()
        server.wait()
    stored = set()
    with sqlite3.connect(events_db) as db:
        for (body,) in db.execute("SELECT body FROM raw_events WHERE body LIKE '%MARK-%'"):
            stored.add(body[body.index('MARK-'):])
    lost = acknowledged['lines'] - stored
    assert not lost, '%d acknowledged log lines lost, e.g. %s' % (len(lost), sorted(lost)[:5])
    print('  every one of %d incidents and %d lines acknowledged is stored'
          % (len(acknowledged['incidents']), len(acknowledged['lines'])))


def engine(binary, name, db_url, work):
    print('%s:' % name)
    events_db = os.path.join(work, 'events.db')
    acknowledged = {'incidents': {}, 'lines': set()}
    for cycle in range(CYCLES):
        run_cycle(binary, db_url, events_db, work, cycle, acknowledged)
    check(binary, db_url, events_db, work, acknowledged)


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as work:
        os.makedirs(os.path.join(work, 'sqlite'))
        engine(binary, 'SQLite', 'sqlite:' + os.path.join(work, 'sqlite', 'kill.db'),
               os.path.join(work, 'sqlite'))
        dsn = os.environ.get('UNGCUU_TEST_PG_DSN')
        if not dsn:
            print('SKIP: PostgreSQL not started (UNGCUU_TEST_PG_DSN unset); ran on SQLite only')
            return 0
        name = 'kill9_%d' % os.getpid()
        subprocess.run(['psql', dsn, '-q', '-c', 'CREATE DATABASE %s' % name], check=True)
        try:
            os.makedirs(os.path.join(work, 'pg'))
            engine(binary, 'PostgreSQL', dsn.rsplit('/', 1)[0] + '/' + name, os.path.join(work, 'pg'))
        finally:
            subprocess.run(['psql', dsn, '-q', '-c', 'DROP DATABASE IF EXISTS %s WITH (FORCE)' % name])
    return 0


if __name__ == '__main__':
    sys.exit(main())
