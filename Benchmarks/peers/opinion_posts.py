#!/usr/bin/env python3
"""The peer of `watchfloor-bench opinion`: what a duty-room analyst would script in an afternoon.

python3 standard library only. Reads native `post` JSON lines and, per post: decodes it, matches the default watch
words, exclusions and the given place names (one compiled regular-expression alternation, i.e. C-speed substring
search), computes a 64-bit SimHash over character unigrams and bigrams of the letters and digits, looks for a
near-duplicate (distance <= 14) among recent posts sharing one of eight 8-bit bands (exact band values only: the
textbook variant, lighter than Watchfloor's nine probes per band), and stores the post and its topic's counts in
SQLite (WAL, synchronous=NORMAL), in transactions of 1,000 posts.

usage: opinion_posts.py POSTS_FILE DB_FILE PLACE...   (prints one JSON line: posts, topics, seconds)
"""
import json
import re
import sqlite3
import sys
import time
from collections import deque

CATEGORIES = {
    "natural_disaster": ["决堤", "溃坝", "垮坝", "塌方", "泥石流", "山体滑坡", "滑坡", "洪水", "内涝", "地震", "山火", "森林火灾"],
    "production_safety": ["爆炸", "起火", "着火", "火灾", "坍塌", "矿难", "透水", "泄漏", "中毒身亡", "安全事故"],
    "public_health": ["中毒", "食物中毒", "疫情", "传染", "发热", "腹泻", "呕吐", "拉肚子", "食品安全", "过期食品"],
    "dispute": ["讨薪", "欠薪", "拖欠工资", "维权", "上访", "拆迁", "征地", "聚集", "堵路", "拉横幅"],
    "public_safety": ["打架", "斗殴", "持刀", "伤人", "命案", "失踪", "诈骗", "抢劫", "车祸"],
}
EXCLUSIONS = ["演练", "演习", "电影", "电视剧", "游戏", "爆炸头", "爆炸性新闻", "小说"]
MASK = (1 << 64) - 1


def mix(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def simhash(text):
    chars = [c.lower() for c in re.sub(r"https?://\S+|@\S+?[:：\s]|转发微博|转发", "", text) if c.isalnum()]
    counts = [0] * 64
    features = [ord(c) for c in chars] + [ord(a) << 21 | ord(b) | 1 << 63 for a, b in zip(chars, chars[1:])]
    for f in features:
        h = mix(f)
        for b in range(64):
            counts[b] += 1 if (h >> b) & 1 else -1
    return sum(1 << b for b in range(64) if counts[b] > 0)


def main(path, db_path, places):
    words = {w: c for c, ws in CATEGORIES.items() for w in ws}
    alternation = sorted(list(words) + EXCLUSIONS + places, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, alternation)))
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE topics(key INTEGER PRIMARY KEY, category TEXT, place TEXT, posts INTEGER, engagement INTEGER,"
               " first_seen TEXT, last_seen TEXT)")
    db.execute("CREATE TABLE posts(id INTEGER PRIMARY KEY, platform TEXT, post_id TEXT, topic_key INTEGER, author TEXT,"
               " text TEXT, url TEXT, published_at TEXT, reposts INTEGER, comments INTEGER, likes INTEGER, category TEXT,"
               " place TEXT, simhash INTEGER, UNIQUE(platform, post_id))")
    db.execute("CREATE INDEX posts_topic ON posts(topic_key, published_at)")
    bands = {}
    started = time.monotonic()
    n = 0
    db.execute("BEGIN")
    with open(path, "rb") as f:
        for raw in f:
            if not raw.strip():
                continue
            p = json.loads(raw)
            if p.get("kind") != "post":
                continue
            text = p["text"]
            found = pattern.findall(text)
            excluded = any(w in EXCLUSIONS for w in found)
            category = next((words[w] for w in found if w in words), None) if not excluded else None
            place = next((w for w in found if w in places), None)
            h = simhash(text)
            topic = None
            for b in range(8):
                for other, key in bands.get((b, (h >> (8 * b)) & 0xFF), ()):
                    if bin(other ^ h).count("1") <= 14:
                        topic = key
                        break
                if topic is not None:
                    break
            engagement = p.get("reposts", 0) * 2 + p.get("comments", 0) * 2 + p.get("likes", 0) // 2
            at = p["published_at"]
            if topic is None:
                topic = db.execute("INSERT INTO topics(category, place, posts, engagement, first_seen, last_seen)"
                                   " VALUES (?,?,1,?,?,?)", (category, place, engagement, at, at)).lastrowid
            else:
                db.execute("UPDATE topics SET posts=posts+1, engagement=engagement+?, last_seen=max(last_seen, ?),"
                           " category=coalesce(category, ?) WHERE key=?", (engagement, at, category, topic))
            for b in range(8):
                bands.setdefault((b, (h >> (8 * b)) & 0xFF), deque(maxlen=32)).append((h, topic))
            db.execute("INSERT INTO posts(platform, post_id, topic_key, author, text, url, published_at, reposts, comments,"
                       " likes, category, place, simhash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (p["platform"], p.get("id"), topic, p.get("author"), text, p.get("url"), at, p.get("reposts", 0),
                        p.get("comments", 0), p.get("likes", 0), category, place, h - (1 << 64) if h >> 63 else h))
            n += 1
            if n % 1000 == 0:
                db.execute("COMMIT")
                db.execute("BEGIN")
    db.execute("COMMIT")
    topics = db.execute("SELECT COUNT(*) FROM topics").fetchone()[0]
    db.close()
    print(json.dumps({"posts": n, "topics": topics, "seconds": round(time.monotonic() - started, 3)}))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
