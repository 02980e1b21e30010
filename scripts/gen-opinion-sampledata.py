#!/usr/bin/env python3
"""Generate the public-opinion (网络舆情) sample feeds for the fictional county 云岭县.

Python 3.11, standard library only, fixed seed (byte-identical output):

    python3 scripts/gen-opinion-sampledata.py           # writes sampledata/feeds/opinion/ and validates it
    python3 scripts/gen-opinion-sampledata.py --check   # only validates

Writes, for the same 72-hour window as scripts/gen-sampledata.py (ending 2026-11-22T08:00:00+08:00):
- feeds/opinion/posts.jsonl        native `post` records (docs/native-format.md): ~15 stories told by many
                                   people — near-duplicates, reposts (`repost_of` and //@ chains), paraphrases —,
                                   a rumour (石门水库决堤) answered by an official clarification after which it
                                   cools, and noise that matches no watch-word;
- feeds/opinion/yunling-news.rss   an RSS 2.0 feed of the county media centre with HTML descriptions;
- feeds/opinion/monitor-export.posts.csv  a monitoring service's CSV export (GBK-free UTF-8 with BOM).
Every account, post, URL and person is fictional; URLs use the reserved .example domain.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape as xml_escape

SEED = 1411
TZ = timezone(timedelta(hours=8))
END = datetime(2026, 11, 22, 8, 0, 0, tzinfo=TZ)
START = END - timedelta(hours=72)
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sampledata", "feeds", "opinion"))
rng = random.Random(SEED)

PLATFORMS = [("weibo", 5), ("douyin", 3), ("wechat", 2), ("toutiao", 2), ("kuaishou", 1)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
NICKS = ["小鱼", "阿杰", "山里人", "云岭小妹", "老张说事", "奔跑的蜗牛", "青石少年", "白沙渔夫", "龙泉茶客", "河口老李",
         "城关百事通", "快乐每一天", "追风", "晴天", "木子", "大熊", "阿花", "路人甲", "夜猫子", "一只猫"]
FILLERS = ["", "", "听说", "据说", "刚刚", "紧急扩散！", "求证：", "真的假的？", ""]
TAILS = ["", "", "！", "。", "！！", "，大家注意", "，有知道的吗？", " #云岭县#", " 😱", " 🙏", "，转起来"]


def iso(t: datetime) -> str:
    return t.astimezone(TZ).isoformat(timespec="seconds")


def platform() -> str:
    total = sum(w for _, w in PLATFORMS)
    r = rng.uniform(0, total)
    for p, w in PLATFORMS:
        r -= w
        if r <= 0:
            return p
    return PLATFORMS[0][0]


def author() -> str:
    return rng.choice(NICKS) + str(rng.randint(10, 9999)) if rng.random() < 0.7 else rng.choice(SURNAMES) + "先生"


def engagement(scale: float) -> tuple[int, int, int]:
    base = rng.paretovariate(1.6) * scale
    return int(base * rng.uniform(0.2, 0.6)), int(base * rng.uniform(0.2, 0.5)), int(base * rng.uniform(1, 3))


# Stories: (key, start offset hours from START, duration hours, posts, engagement scale, texts, paraphrases, place)
STORIES = [
    ("reservoir", 40.0, 5.0, 70, 60,
     ["网传云岭县青石镇石门水库决堤，下游石门村被淹，大家注意安全",
      "青石镇石门水库决堤了？下游村子都进水了，视频是今天拍的"],
     ["石门村那边说水库垮坝了，好多人往山上跑", "石门水库出事了，下游一片汪洋，政府怎么不通知"]),
    ("canteen", 10.0, 20.0, 40, 25,
     ["城关镇第二小学食堂饭菜疑似变质，多名学生腹泻呕吐，家长很着急",
      "南街社区第二小学好几个孩子吃了食堂午饭后呕吐腹泻，学校要给个说法"],
     ["二小食堂的菜有问题，我家孩子也拉肚子了，南街社区好多家长在问", "第二小学食堂食品安全谁来管？孩子腹泻两天了"]),
    ("wages", 20.0, 30.0, 36, 15,
     ["白沙乡新寨村一家养殖场拖欠工人工资半年，几十名工人聚集讨薪",
      "新寨村养殖场老板欠薪跑路，工人们在乡政府门口拉横幅讨薪"],
     ["新寨村的工友们辛苦一年拿不到钱，讨薪无门", "养殖场欠了我们半年工资，新寨村的工人今天又去讨薪了"]),
    ("landslide", 30.0, 8.0, 24, 12,
     ["云岭县河口乡石桥村附近公路塌方，过往车辆请绕行",
      "石桥村那段山路塌方了，一辆货车被堵，路完全断了"],
     ["河口乡石桥村山体滑坡，路断了，出行注意", "石桥村公路塌方现场，挖掘机已经到了"]),
    ("explosion", 55.0, 6.0, 45, 40,
     ["城关镇东街一餐馆发生燃气爆炸，现场浓烟滚滚，有人受伤",
      "东街社区一饭店燃气爆炸，玻璃碎了一地，消防车已到场"],
     ["东街那边一声巨响，餐馆起火了，救护车来了好几辆", "城关东街餐馆爆炸视频，太吓人了"]),
    ("landclaim", 5.0, 40.0, 20, 8,
     ["龙泉镇温泉村征地补偿不公，村民维权无门",
      "温泉村拆迁补偿标准太低，村民聚集在村委会门口维权"],
     ["温泉村的征地款到现在没到位，大家准备继续维权", "龙泉镇温泉村拆迁，老人家不肯搬，补偿谈不拢"]),
    ("wildfire", 62.0, 4.0, 20, 20,
     ["青石镇松林村后山起火了，山火烟很大，希望没人受伤",
      "松林村山火，消防和村民都上山扑救了"],
     ["青石镇松林村森林火灾，半边天都是烟", "松林村后山的火还在烧，风太大了"]),
    ("missing", 15.0, 10.0, 14, 30,
     ["河口乡渡口村一名8岁男孩失踪，穿红色外套，有线索请联系",
      "寻人！渡口村小男孩放学后失踪，家人急疯了，请大家帮忙扩散"],
     ["渡口村走失的孩子找到了吗？还在找", "河口乡渡口村的孩子还没找到，警察在江边搜索"]),
    ("expired", 45.0, 12.0, 12, 6,
     ["白沙乡沙坝村一超市卖过期食品，买的牛奶过期半个月",
      "沙坝村超市过期食品多，大家买东西看清日期"],
     ["沙坝村那家超市又被发现卖过期食品", "白沙乡沙坝村超市食品安全问题，谁来管管"]),
    ("crash", 66.0, 3.0, 15, 15,
     ["龙泉镇龙泉社区路口两车相撞，车祸现场一片狼藉",
      "龙泉社区十字路口车祸，一辆面包车侧翻"],
     ["龙泉路口车祸，堵了一长串", "龙泉社区又出车祸了，这个路口该装红绿灯了"]),
    ("flood", 50.0, 10.0, 15, 10,
     ["河口乡河口村昨晚大雨，街道内涝严重，商铺进水",
      "河口村内涝，水都漫到膝盖了，排水怎么这么差"],
     ["河口村的洪水退了没有？", "大雨后河口乡河口村积水严重"]),
    ("fraud", 25.0, 30.0, 10, 5,
     ["白沙乡白沙村多名老人接到冒充医保局的诈骗电话，大家提醒家里老人",
      "白沙村有老人被电话诈骗了两万块，冒充医保局的"],
     ["白沙村又有人接到诈骗电话，说医保卡冻结了", "提醒：白沙乡冒充医保局诈骗又来了"]),
    ("tea", 8.0, 50.0, 15, 10,
     ["龙泉镇茶园村今年春茶丰收，茶农喜笑颜开，欢迎大家来品茶",
      "茶园村的冬茶也很好喝，周末去采茶体验了一下"],
     []),
    ("drill", 35.0, 3.0, 10, 5,
     ["云岭县在青石镇开展水库决堤应急演练，群众有序转移",
      "青石镇今天搞防汛演练，模拟水库溃坝，场面很真实"],
     []),
    ("marathon", 60.0, 8.0, 10, 10,
     ["云岭县山地马拉松周日开跑，城关镇部分道路临时管制",
      "马拉松报名人数破千，城关镇的酒店都订满了"],
     []),
]

NOISE = ["今天的晚霞太美了", "周末去哪里玩？求推荐", "新开的米线店味道不错", "降温了，大家多穿衣服", "这只猫太可爱了",
         "加班到现在，好累", "今天学会了做红烧肉", "孩子期末考试加油", "下雨天适合睡觉", "有没有一起打球的",
         "刚看完一部好电影", "早起跑步打卡第30天", "菜市场的白菜两块钱一斤", "手机又卡了，想换新的", "这首歌单曲循环一天了"]

CLARIFICATION = ("【辟谣】关于网传“石门水库决堤”的情况说明：经县水务局、青石镇政府现场核实，石门水库运行正常，"
                 "大坝安全，未发生决堤，下游石门村一切正常。网传视频系外地旧视频。请广大网友不信谣、不传谣。")


def variant(text: str) -> str:
    t = text
    if rng.random() < 0.35:
        i = rng.randrange(len(t))
        t = t[:i] + rng.choice(["了", "真的", "好像", "据说", ""]) + t[i:]
    return rng.choice(FILLERS) + t + rng.choice(TAILS)


def build_posts() -> list[dict]:
    posts: list[dict] = []
    seq = 0

    def add(t: datetime, text: str, scale: float, repost_of: str | None = None, plat: str | None = None,
            who: str | None = None, grid: str | None = None, location: str | None = None) -> dict:
        nonlocal seq
        seq += 1
        p = plat or platform()
        pid = f"{p[:2]}{seq:05d}"
        r, c, l = engagement(scale)
        rec = {"kind": "post", "platform": p, "id": pid, "author": who or author(), "text": text,
               "url": f"https://{p}.example/{pid}", "published_at": iso(t), "reposts": r, "comments": c, "likes": l}
        if repost_of:
            rec["repost_of"] = repost_of
        if grid:
            rec["grid_id"] = grid
        if location:
            rec["location"] = location
        posts.append(rec)
        return rec

    for key, start_h, dur_h, count, scale, texts, paraphrases, in STORIES:
        t0 = START + timedelta(hours=start_h)
        originals: list[dict] = []
        for i in range(count):
            # Front-loaded: most posts early in the story's life.
            t = t0 + timedelta(hours=dur_h * (rng.random() ** 1.8))
            if key == "reservoir":
                # The rumour: all of it within the first 3 hours, before the clarification.
                t = t0 + timedelta(hours=3.0 * (rng.random() ** 1.5))
            roll = rng.random()
            if originals and roll < 0.2:
                o = rng.choice(originals)
                t = max(t, datetime.fromisoformat(o["published_at"]) + timedelta(minutes=rng.randint(1, 30)))
                add(t, rng.choice(["转发", "太可怕了", "求证", "扩散", "关注", "这是真的吗"]), scale / 3, repost_of=o["id"], plat=o["platform"])
            elif originals and roll < 0.32:
                o = rng.choice(originals)
                t = max(t, datetime.fromisoformat(o["published_at"]) + timedelta(minutes=rng.randint(1, 30)))
                add(t, f"{rng.choice(['转发微博', '唉', '天哪', ''])} //@{o['author']}: {o['text']}", scale / 2)
            elif paraphrases and roll < 0.45:
                add(t, rng.choice(paraphrases), scale)
            else:
                originals.append(add(t, variant(rng.choice(texts)), scale, location=rng.choice([None, "云南", "云南 云岭"])))
        if key == "reservoir":
            tc = t0 + timedelta(hours=3.2)
            c = add(tc, CLARIFICATION, 300, plat="weibo", who="云岭发布", grid="990102002002")
            for i in range(12):
                add(tc + timedelta(minutes=5 + 20 * i * rng.random()),
                    rng.choice(["转发辟谣", "不信谣不传谣", "原来是谣言", "官方辟谣了"]), 5, repost_of=c["id"], plat="weibo")
    for i in range(60):
        t = START + timedelta(hours=72 * rng.random())
        add(t, rng.choice(NOISE) + rng.choice(["", "～", "！", "😊", "。"]) + ("" if rng.random() < 0.6 else f" {i}"), 2)
    posts.sort(key=lambda p: (p["published_at"], p["id"]))
    return posts


NEWS = [
    (41.5, "关于网传“石门水库决堤”的情况说明",
     "<p>近日，有网民发布<strong>“石门水库决堤”</strong>的视频。经县水务局、青石镇政府现场核实：</p>"
     "<ul><li>石门水库运行正常，大坝安全；</li><li>下游石门村群众生产生活正常。</li></ul>"
     "<p>网传视频系外地旧视频。请广大网友不信谣、不传谣。详见<a href=\"https://yunling-news.example/2026/11/shimen\">县水务局通报</a>。</p>"
     "<script>track('shimen')</script>"),
    (11.0, "县教育局回应城关镇第二小学学生身体不适情况",
     "<p>11月19日，城关镇第二小学部分学生出现腹泻、呕吐症状。县教育局、县卫健局已派出工作组，"
     "食堂已停业整顿，留样食品已送检。学生均已就医，情况稳定。</p><p>&nbsp;</p>"),
    (22.0, "白沙乡依法处置新寨村养殖场欠薪问题",
     "<div>白沙乡党委政府高度重视，已组织人社、司法等部门与企业协商，<em>督促</em>企业在 11 月 25 日前结清工资。"
     "<br/>劳动者可拨打 12345 反映诉求。</div>"),
    (31.0, "河口乡石桥村公路塌方抢通进展", "<p>塌方路段已于当日 18 时抢通，单向放行。请过往车辆减速慢行。</p>"),
    (56.0, "城关镇东街一餐馆发生燃气爆炸 3人受轻伤",
     "<p>21日 15 时许，城关镇东街一餐馆发生燃气爆炸，3 人受轻伤送医，无生命危险。事故原因正在调查。</p>"
     "<style>p{color:red}</style>"),
    (60.5, "云岭县山地马拉松交通管制公告", "<p>11月23日 7:00—13:00，城关镇环城路实行交通管制。</p>"),
    (63.0, "青石镇松林村山火已扑灭", "<p>经过 4 小时扑救，松林村后山火情已被扑灭，无人员伤亡。过火面积约 30 亩。</p>"),
    (70.0, "今日云岭：龙泉镇茶园村冬茶开采", "<p>茶园村冬茶开采，茶农喜迎丰收 &mdash; 欢迎游客前来体验。</p>"),
]


def rfc822(t: datetime) -> str:
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    t = t.astimezone(TZ)
    return f"{days[t.weekday()]}, {t.day:02d} {months[t.month - 1]} {t.year} {t:%H:%M:%S} +0800"


def build_rss() -> str:
    items = []
    for i, (h, title, html) in enumerate(NEWS):
        t = START + timedelta(hours=h)
        items.append(f"""    <item>
      <title>{xml_escape(title)}</title>
      <link>https://yunling-news.example/2026/11/{i + 1:03d}.html</link>
      <guid isPermaLink="false">yunling-news-2026-11-{i + 1:03d}</guid>
      <pubDate>{rfc822(t)}</pubDate>
      <dc:creator>云岭县融媒体中心</dc:creator>
      <description>{xml_escape(html)}</description>
    </item>""")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n  <channel>\n"
            "    <title>云岭融媒</title>\n    <link>https://yunling-news.example/</link>\n"
            "    <description>云岭县融媒体中心（虚构）</description>\n    <language>zh-cn</language>\n"
            + "\n".join(items) + "\n  </channel>\n</rss>\n")


def build_csv(posts: list[dict]) -> str:
    """A monitoring service's export of the wage-arrears and canteen stories' posts from news apps."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["编号", "发布平台", "作者", "标题", "正文", "原文链接", "发布时间", "转发数", "评论数", "点赞数", "IP属地"])
    rows = [p for p in posts if p["platform"] == "toutiao"][:30]
    for n, p in enumerate(rows):
        t = datetime.fromisoformat(p["published_at"]).strftime("%Y/%m/%d %H:%M:%S")
        likes = f"{p['likes'] / 10000:.1f}万" if p["likes"] >= 10000 else str(p["likes"])
        w.writerow([f"JK{n + 1:05d}", "今日头条", p["author"], "", p["text"], p["url"].replace("toutiao.example", "toutiao-mirror.example"),
                    t, p["reposts"], p["comments"], likes, "云南"])
    return out.getvalue()


def write(rel: str, text: str, bom: bool = False) -> None:
    os.makedirs(ROOT, exist_ok=True)
    with open(os.path.join(ROOT, rel), "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def check() -> None:
    with open(os.path.join(ROOT, "posts.jsonl"), encoding="utf-8") as f:
        posts = [json.loads(l) for l in f if l.strip()]
    assert len(posts) >= 400, len(posts)
    ids = {(p["platform"], p["id"]) for p in posts}
    assert len(ids) == len(posts), "duplicate post ids"
    by_id = {p["id"] for p in posts}
    by_time = {p["id"]: p["published_at"] for p in posts}
    for p in posts:
        t = datetime.fromisoformat(p["published_at"])
        assert START <= t <= END, p
        assert p.get("repost_of") is None or p["repost_of"] in by_id, p
        if p.get("repost_of"):
            assert by_time[p["repost_of"]] <= p["published_at"], p
    print(f"opinion sample data ok: {len(posts)} posts, {sum(1 for p in posts if 'repost_of' in p)} reposts with repost_of")


def main() -> None:
    if "--check" not in sys.argv:
        posts = build_posts()
        write("posts.jsonl", "".join(json.dumps(p, ensure_ascii=False, separators=(", ", ": ")) + "\n" for p in posts))
        write("yunling-news.rss", build_rss())
        write("monitor-export.posts.csv", build_csv(posts), bom=True)
    check()


if __name__ == "__main__":
    main()
