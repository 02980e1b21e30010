#!/usr/bin/env python3
"""The peer of `watchfloor-bench ingest`: a plain script that does what an operator would write in an afternoon.

python3 standard library only. Reads Suricata EVE JSON lines, keeps `event_type: alert`, and stores them in
SQLite (WAL, synchronous=NORMAL) in transactions of 1,000 lines: one `alerts` row per
sensor|signature|src|dst key (count+1 and last_seen on every observation) and one `events` row per observation.

usage: ingest_eve.py EVE_FILE DB_FILE   (prints one JSON line: lines, alerts, seconds)
"""
import json
import sqlite3
import sys
import time


def main(path, db_path):
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE IF NOT EXISTS alerts(key TEXT PRIMARY KEY, sensor TEXT, signature_id INTEGER,"
               " signature TEXT, src TEXT, dst TEXT, severity INTEGER, first_seen TEXT, last_seen TEXT, count INTEGER)")
    db.execute("CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY, key TEXT, at TEXT)")
    upsert = ("INSERT INTO alerts VALUES (?,?,?,?,?,?,?,?,?,1) ON CONFLICT(key) DO UPDATE SET"
              " count=count+1, last_seen=excluded.last_seen")
    started = time.monotonic()
    lines = 0
    db.execute("BEGIN")
    with open(path, "rb") as f:
        for raw in f:
            if not raw.strip():
                continue
            e = json.loads(raw)
            if e.get("event_type") != "alert":
                continue
            a = e["alert"]
            src = "%s:%s" % (e["src_ip"], e.get("src_port", 0))
            dst = "%s:%s" % (e["dest_ip"], e.get("dest_port", 0))
            key = "%s|%s|%s|%s" % (e.get("host", "sensor"), a["signature_id"], e["src_ip"], dst)
            db.execute(upsert, (key, e.get("host", "sensor"), a["signature_id"], a.get("signature", ""), src, dst,
                                a.get("severity", 3), e["timestamp"], e["timestamp"]))
            db.execute("INSERT INTO events(key, at) VALUES (?,?)", (key, e["timestamp"]))
            lines += 1
            if lines % 1000 == 0:
                db.execute("COMMIT")
                db.execute("BEGIN")
    db.execute("COMMIT")
    alerts = db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
    db.close()
    print(json.dumps({"lines": lines, "alerts": alerts, "seconds": round(time.monotonic() - started, 3)}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
