#!/usr/bin/env python3
"""Deterministic, realistic sample data for clientele.

Writes four files into --out:

  users.jsonl         the staff (managers, sales, a viewer) who own customers and interactions
  customers.jsonl     persons and companies in the JSON form of docs/data-model.md
  interactions.jsonl  purchases, refunds, calls, complaints, surveys, ... per customer
  truth.csv           external_id,entity_id: which customer records are the same real party

Pure standard library. The output depends only on the arguments: the same --seed gives the
same bytes on every run, machine and Python 3 version. To keep that promise the generator
draws every random number from random.Random.random() (the one method whose sequence Python
guarantees across versions), builds integers, choices and distributions on it by plain
arithmetic (no log/exp/cos whose last bit could differ between C libraries), never iterates
over a set, and never reads the clock: "now" is --as-of.

See docs/sample-data.md for what is generated and why.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import os
import random
import sys

# --------------------------------------------------------------------------------------------
# Randomness
# --------------------------------------------------------------------------------------------


class Rng:
    """A thin layer over random.Random.random() only (see the module docstring)."""

    def __init__(self, seed: int, stream: str):
        # A str seed is hashed with SHA-512 by random.seed (version 2): stable, and
        # independent of PYTHONHASHSEED.
        self._random = random.Random(f"clientele-sample/{seed}/{stream}").random

    def random(self) -> float:
        return self._random()

    def below(self, n: int) -> int:
        """0 <= k < n."""
        return int(self._random() * n)

    def between(self, lo: int, hi: int) -> int:
        """lo <= k <= hi."""
        return lo + int(self._random() * (hi - lo + 1))

    def chance(self, p: float) -> bool:
        return self._random() < p

    def choice(self, seq):
        return seq[int(self._random() * len(seq))]

    def digits(self, n: int) -> str:
        return "".join("0123456789"[int(self._random() * 10)] for _ in range(n))


class Weighted:
    """A fixed table of (value, weight) to draw from."""

    __slots__ = ("values", "cumulative", "total")

    def __init__(self, pairs):
        self.values = [v for v, _ in pairs]
        self.cumulative = []
        total = 0.0
        for _, w in pairs:
            total += w
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: Rng):
        i = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.values[min(i, len(self.values) - 1)]


def pick(rng: Rng, pairs):
    """One-off weighted choice from a short list of (value, weight)."""
    total = 0.0
    for _, w in pairs:
        total += w
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def banded(rng: Rng, bands) -> float:
    """A heavy-tailed value from (lo, hi, weight) bands; uniform-ish inside a band."""
    lo, hi = pick(rng, [((lo, hi), w) for lo, hi, w in bands])
    u = rng.random()
    return lo + (hi - lo) * u * u


# --------------------------------------------------------------------------------------------
# Time
# --------------------------------------------------------------------------------------------

DAY = 86400
EPOCH = dt.date(1970, 1, 1)


def day_to_date(day: int) -> dt.date:
    return dt.date.fromordinal(EPOCH.toordinal() + day)


def date_to_day(d: dt.date) -> int:
    return d.toordinal() - EPOCH.toordinal()


def iso(ts: int) -> str:
    d = day_to_date(ts // DAY)
    s = ts % DAY
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z"


def years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


# --------------------------------------------------------------------------------------------
# Reference data: names
# --------------------------------------------------------------------------------------------

# Mainland family names: simplified, traditional, pinyin, weight (~per cent of population).
CN_FAMILY = Weighted([(row[:3], row[3]) for row in [
    ("王", "王", "wang", 7.1), ("李", "李", "li", 7.4), ("张", "張", "zhang", 7.1),
    ("刘", "劉", "liu", 5.4), ("陈", "陳", "chen", 4.5), ("杨", "楊", "yang", 3.1),
    ("黄", "黃", "huang", 2.2), ("赵", "趙", "zhao", 2.3), ("吴", "吳", "wu", 2.0),
    ("周", "周", "zhou", 1.9), ("徐", "徐", "xu", 1.5), ("孙", "孫", "sun", 1.5),
    ("马", "馬", "ma", 1.4), ("朱", "朱", "zhu", 1.3), ("胡", "胡", "hu", 1.3),
    ("郭", "郭", "guo", 1.2), ("何", "何", "he", 1.2), ("高", "高", "gao", 1.1),
    ("林", "林", "lin", 1.1), ("罗", "羅", "luo", 1.0), ("郑", "鄭", "zheng", 0.9),
    ("梁", "梁", "liang", 0.9), ("谢", "謝", "xie", 0.8), ("宋", "宋", "song", 0.8),
    ("唐", "唐", "tang", 0.8), ("许", "許", "xu", 0.7), ("韩", "韓", "han", 0.7),
    ("冯", "馮", "feng", 0.7), ("邓", "鄧", "deng", 0.7), ("曹", "曹", "cao", 0.7),
    ("彭", "彭", "peng", 0.7), ("曾", "曾", "zeng", 0.6), ("肖", "肖", "xiao", 0.6),
    ("田", "田", "tian", 0.6), ("董", "董", "dong", 0.5), ("袁", "袁", "yuan", 0.5),
    ("潘", "潘", "pan", 0.5), ("于", "于", "yu", 0.5), ("蒋", "蔣", "jiang", 0.5),
    ("蔡", "蔡", "cai", 0.5), ("余", "余", "yu", 0.5), ("杜", "杜", "du", 0.5),
    ("叶", "葉", "ye", 0.5), ("程", "程", "cheng", 0.5), ("苏", "蘇", "su", 0.4),
    ("魏", "魏", "wei", 0.4), ("吕", "呂", "lü", 0.4), ("丁", "丁", "ding", 0.4),
    ("任", "任", "ren", 0.4), ("沈", "沈", "shen", 0.4), ("姚", "姚", "yao", 0.4),
    ("卢", "盧", "lu", 0.4), ("姜", "姜", "jiang", 0.3), ("崔", "崔", "cui", 0.3),
    ("钟", "鍾", "zhong", 0.3), ("谭", "譚", "tan", 0.3), ("陆", "陸", "lu", 0.3),
    ("汪", "汪", "wang", 0.3), ("范", "范", "fan", 0.3), ("金", "金", "jin", 0.3),
    ("石", "石", "shi", 0.3), ("廖", "廖", "liao", 0.3), ("贾", "賈", "jia", 0.3),
    ("夏", "夏", "xia", 0.3), ("韦", "韋", "wei", 0.3), ("付", "付", "fu", 0.3),
    ("方", "方", "fang", 0.3), ("白", "白", "bai", 0.3), ("邹", "鄒", "zou", 0.3),
    ("孟", "孟", "meng", 0.3), ("熊", "熊", "xiong", 0.3), ("秦", "秦", "qin", 0.3),
    ("邱", "邱", "qiu", 0.3), ("江", "江", "jiang", 0.3), ("尹", "尹", "yin", 0.2),
    ("薛", "薛", "xue", 0.2), ("闫", "閆", "yan", 0.2), ("段", "段", "duan", 0.2),
    ("雷", "雷", "lei", 0.2), ("侯", "侯", "hou", 0.2), ("龙", "龍", "long", 0.2),
    ("史", "史", "shi", 0.2), ("陶", "陶", "tao", 0.2), ("黎", "黎", "li", 0.2),
    ("贺", "賀", "he", 0.2), ("顾", "顧", "gu", 0.2), ("毛", "毛", "mao", 0.2),
    ("郝", "郝", "hao", 0.2), ("龚", "龔", "gong", 0.2), ("邵", "邵", "shao", 0.2),
    ("万", "萬", "wan", 0.2), ("钱", "錢", "qian", 0.2), ("严", "嚴", "yan", 0.2),
    ("武", "武", "wu", 0.2), ("戴", "戴", "dai", 0.2), ("莫", "莫", "mo", 0.2),
    ("孔", "孔", "kong", 0.2), ("汤", "湯", "tang", 0.2), ("欧阳", "歐陽", "ouyang", 0.05),
    ("司马", "司馬", "sima", 0.02), ("上官", "上官", "shangguan", 0.02),
    ("诸葛", "諸葛", "zhuge", 0.01),
]])

# Given-name characters: simplified, traditional, pinyin, sex (m, f, n = either), weight.
CN_GIVEN_CHARS = [
    ("伟", "偉", "wei", "m", 6), ("强", "強", "qiang", "m", 3), ("磊", "磊", "lei", "m", 3),
    ("军", "軍", "jun", "m", 3), ("勇", "勇", "yong", "m", 3), ("杰", "傑", "jie", "m", 3),
    ("涛", "濤", "tao", "m", 2), ("明", "明", "ming", "m", 3), ("超", "超", "chao", "m", 2),
    ("刚", "剛", "gang", "m", 2), ("平", "平", "ping", "n", 2), ("辉", "輝", "hui", "m", 2),
    ("鹏", "鵬", "peng", "m", 2), ("华", "華", "hua", "n", 2), ("飞", "飛", "fei", "m", 2),
    ("鑫", "鑫", "xin", "m", 2), ("波", "波", "bo", "m", 2), ("斌", "斌", "bin", "m", 2),
    ("宇", "宇", "yu", "m", 2), ("浩", "浩", "hao", "m", 2), ("凯", "凱", "kai", "m", 1.5),
    ("健", "健", "jian", "m", 1.5), ("俊", "俊", "jun", "m", 1.5), ("帆", "帆", "fan", "n", 1),
    ("旭", "旭", "xu", "m", 1), ("龙", "龍", "long", "m", 1.5), ("博", "博", "bo", "m", 1),
    ("文", "文", "wen", "n", 1.5), ("轩", "軒", "xuan", "m", 1.5), ("睿", "睿", "rui", "n", 1),
    ("阳", "陽", "yang", "n", 1.5), ("建", "建", "jian", "m", 1.5), ("国", "國", "guo", "m", 1.5),
    ("志", "志", "zhi", "m", 1.5), ("海", "海", "hai", "m", 1.5), ("峰", "峰", "feng", "m", 1.5),
    ("泽", "澤", "ze", "m", 1), ("诚", "誠", "cheng", "m", 1), ("毅", "毅", "yi", "m", 1),
    ("东", "東", "dong", "m", 1.5), ("亮", "亮", "liang", "m", 1), ("成", "成", "cheng", "m", 1),
    ("林", "林", "lin", "n", 1), ("子", "子", "zi", "n", 1), ("晨", "晨", "chen", "n", 1),
    ("天", "天", "tian", "m", 1), ("一", "一", "yi", "n", 1), ("思", "思", "si", "n", 1),
    ("嘉", "嘉", "jia", "n", 1), ("雨", "雨", "yu", "f", 1), ("欣", "欣", "xin", "f", 1.5),
    ("芳", "芳", "fang", "f", 5), ("娜", "娜", "na", "f", 4), ("敏", "敏", "min", "f", 4),
    ("静", "靜", "jing", "f", 4), ("丽", "麗", "li", "f", 3), ("艳", "豔", "yan", "f", 3),
    ("娟", "娟", "juan", "f", 2), ("霞", "霞", "xia", "f", 2), ("秀", "秀", "xiu", "f", 2),
    ("英", "英", "ying", "f", 2), ("玲", "玲", "ling", "f", 2), ("婷", "婷", "ting", "f", 2),
    ("雪", "雪", "xue", "f", 2), ("慧", "慧", "hui", "f", 2), ("颖", "穎", "ying", "f", 1.5),
    ("琳", "琳", "lin", "f", 1.5), ("晶", "晶", "jing", "f", 1.5), ("洁", "潔", "jie", "f", 1.5),
    ("梅", "梅", "mei", "f", 1.5), ("莉", "莉", "li", "f", 1.5), ("倩", "倩", "qian", "f", 1.5),
    ("佳", "佳", "jia", "f", 1.5), ("怡", "怡", "yi", "f", 1.5), ("萱", "萱", "xuan", "f", 1),
    ("涵", "涵", "han", "f", 1), ("诗", "詩", "shi", "f", 1), ("梦", "夢", "meng", "f", 1),
    ("璐", "璐", "lu", "f", 1), ("瑶", "瑤", "yao", "f", 1), ("燕", "燕", "yan", "f", 1.5),
    ("红", "紅", "hong", "f", 1.5), ("兰", "蘭", "lan", "f", 1), ("月", "月", "yue", "f", 1),
    ("琪", "琪", "qi", "f", 1), ("晓", "曉", "xiao", "n", 1.5), ("丹", "丹", "dan", "f", 1),
    ("悦", "悅", "yue", "f", 1), ("桂", "桂", "gui", "f", 0.7),
]
CN_GIVEN = {
    sex: Weighted([(c[:3], c[4]) for c in CN_GIVEN_CHARS if c[3] in (sex, "n")])
    for sex in ("m", "f")
}

# Typing slips that give a homophone (a classic source of Chinese duplicates).
CN_HOMOPHONES = {
    "伟": "玮", "静": "晶", "丽": "莉", "明": "铭", "华": "桦", "军": "君", "芳": "方",
    "娜": "那", "杰": "洁", "涛": "韬", "敏": "民", "磊": "蕾", "婷": "庭", "慧": "惠",
    "颖": "莹", "玲": "琳", "勇": "永", "辉": "晖", "鹏": "朋", "斌": "彬", "浩": "皓",
    "峰": "锋", "张": "章", "杨": "阳", "徐": "许", "晓": "小", "欣": "心", "佳": "家",
}

# Hong Kong: traditional, simplified, Cantonese romanization, weight.
HK_FAMILY = Weighted([(r[:3], r[3]) for r in [
    ("陳", "陈", "Chan", 8), ("李", "李", "Lee", 5), ("張", "张", "Cheung", 4),
    ("黃", "黄", "Wong", 5), ("王", "王", "Wong", 2), ("林", "林", "Lam", 3),
    ("劉", "刘", "Lau", 3), ("吳", "吴", "Ng", 2.5), ("梁", "梁", "Leung", 3),
    ("何", "何", "Ho", 2.5), ("鄭", "郑", "Cheng", 2), ("郭", "郭", "Kwok", 1.5),
    ("馬", "马", "Ma", 1), ("羅", "罗", "Law", 1.5), ("周", "周", "Chow", 1.5),
    ("楊", "杨", "Yeung", 1.5), ("蔡", "蔡", "Choi", 1), ("許", "许", "Hui", 1),
    ("謝", "谢", "Tse", 1.5), ("曾", "曾", "Tsang", 1.5), ("麥", "麦", "Mak", 1),
    ("鍾", "钟", "Chung", 1), ("葉", "叶", "Yip", 1.5), ("譚", "谭", "Tam", 1),
    ("盧", "卢", "Lo", 1), ("朱", "朱", "Chu", 1), ("余", "余", "Yu", 0.7),
    ("潘", "潘", "Poon", 0.7),
]])
HK_GIVEN = {
    "m": [("家豪", "家豪", "Ka Ho"), ("志明", "志明", "Chi Ming"), ("俊傑", "俊杰", "Chun Kit"),
          ("偉文", "伟文", "Wai Man"), ("子軒", "子轩", "Tsz Hin"), ("家明", "家明", "Ka Ming"),
          ("浩然", "浩然", "Ho Yin"), ("卓謙", "卓谦", "Cheuk Him"), ("志偉", "志伟", "Chi Wai"),
          ("國強", "国强", "Kwok Keung"), ("文傑", "文杰", "Man Kit"), ("永康", "永康", "Wing Hong"),
          ("少華", "少华", "Siu Wah"), ("建華", "建华", "Kin Wah")],
    "f": [("嘉欣", "嘉欣", "Ka Yan"), ("詠詩", "咏诗", "Wing Sze"), ("美玲", "美玲", "Mei Ling"),
          ("淑儀", "淑仪", "Shuk Yee"), ("嘉慧", "嘉慧", "Ka Wai"), ("凱琳", "凯琳", "Hoi Lam"),
          ("曉彤", "晓彤", "Hiu Tung"), ("穎欣", "颖欣", "Wing Yan"), ("麗珊", "丽珊", "Lai Shan"),
          ("佩儀", "佩仪", "Pui Yee"), ("思敏", "思敏", "Sze Man"), ("慧敏", "慧敏", "Wai Man"),
          ("嘉儀", "嘉仪", "Ka Yee"), ("玉珍", "玉珍", "Yuk Chun")],
}
HK_ENGLISH = {
    "m": ["Kelvin", "Jason", "Eric", "Kenneth", "Raymond", "Alan", "Vincent", "Wilson", "Ivan",
          "Dickson", "Terence", "Calvin"],
    "f": ["Karen", "Winnie", "Carmen", "Cherry", "Fanny", "Queenie", "Vivian", "Iris", "Joyce",
          "Mandy", "Gloria", "Kitty"],
}

# Taiwan: traditional, simplified, romanization (Wade-Giles style, as on passports), weight.
TW_FAMILY = Weighted([(r[:3], r[3]) for r in [
    ("陳", "陈", "Chen", 11), ("林", "林", "Lin", 8), ("黃", "黄", "Huang", 6),
    ("張", "张", "Chang", 5), ("李", "李", "Lee", 5), ("王", "王", "Wang", 4),
    ("吳", "吴", "Wu", 4), ("劉", "刘", "Liu", 3), ("蔡", "蔡", "Tsai", 3),
    ("楊", "杨", "Yang", 3), ("許", "许", "Hsu", 2), ("鄭", "郑", "Cheng", 2),
    ("謝", "谢", "Hsieh", 2), ("郭", "郭", "Kuo", 2), ("洪", "洪", "Hung", 1.5),
    ("曾", "曾", "Tseng", 1.5), ("邱", "邱", "Chiu", 1.5), ("廖", "廖", "Liao", 1.5),
    ("賴", "赖", "Lai", 1.5), ("周", "周", "Chou", 1.5), ("徐", "徐", "Hsu", 1),
    ("蘇", "苏", "Su", 1), ("葉", "叶", "Yeh", 1), ("莊", "庄", "Chuang", 1),
    ("呂", "吕", "Lu", 1), ("江", "江", "Chiang", 1),
]])
TW_GIVEN = {
    "m": [("家豪", "家豪", "Chia-Hao"), ("志明", "志明", "Chih-Ming"), ("俊傑", "俊杰", "Chun-Chieh"),
          ("冠宇", "冠宇", "Kuan-Yu"), ("承翰", "承翰", "Cheng-Han"), ("建宏", "建宏", "Chien-Hung"),
          ("宗翰", "宗翰", "Tsung-Han"), ("柏翰", "柏翰", "Po-Han"), ("彥廷", "彦廷", "Yen-Ting"),
          ("志豪", "志豪", "Chih-Hao"), ("俊宏", "俊宏", "Chun-Hung"), ("家瑋", "家玮", "Chia-Wei")],
    "f": [("怡君", "怡君", "Yi-Chun"), ("雅婷", "雅婷", "Ya-Ting"), ("淑芬", "淑芬", "Shu-Fen"),
          ("宜蓁", "宜蓁", "Yi-Chen"), ("欣怡", "欣怡", "Hsin-Yi"), ("佳穎", "佳颖", "Chia-Ying"),
          ("美惠", "美惠", "Mei-Hui"), ("詩涵", "诗涵", "Shih-Han"), ("郁婷", "郁婷", "Yu-Ting"),
          ("雅雯", "雅雯", "Ya-Wen"), ("怡婷", "怡婷", "Yi-Ting"), ("淑惠", "淑惠", "Shu-Hui")],
}

WEST_NAMES = {
    "en": {
        "m": ["James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph",
              "Thomas", "Christopher", "Daniel", "Matthew", "Anthony", "Andrew", "Joshua",
              "Edward", "Oliver", "Harry", "George", "Jack", "Samuel", "Benjamin"],
        "f": ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah",
              "Karen", "Emily", "Emma", "Olivia", "Sophie", "Charlotte", "Amelia", "Margaret",
              "Katherine", "Rebecca", "Hannah", "Lucy", "Chloe", "Grace", "Zoë"],
    },
    "de": {
        "m": ["Lukas", "Jonas", "Leon", "Felix", "Maximilian", "Paul", "Stefan", "Jürgen",
              "Andreas", "Thomas", "Michael", "Matthias", "Sebastian", "Tobias", "Klaus", "Uwe",
              "Jörg", "Björn", "Alexander"],
        "f": ["Anna", "Lena", "Sophie", "Laura", "Julia", "Katharina", "Sabine", "Ursula", "Jana",
              "Lea", "Mia", "Hannah", "Petra", "Birgit", "Monika", "Claudia", "Jülide", "Bärbel"],
    },
    "fr": {
        "m": ["Jean", "Pierre", "Louis", "Hugo", "Léo", "Gabriel", "Théo", "Nicolas", "François",
              "Éric", "Jérôme", "Benoît", "Antoine", "Mathieu", "Jean-Luc", "Jean-Pierre"],
        "f": ["Camille", "Léa", "Chloé", "Manon", "Inès", "Élodie", "Océane", "Amélie", "Hélène",
              "Céline", "Françoise", "Marie", "Anne-Sophie", "Zoé"],
    },
    "es": {
        "m": ["José", "Antonio", "Manuel", "Francisco", "David", "Javier", "Daniel", "Carlos",
              "Alejandro", "Pablo", "Álvaro", "Sergio", "Jesús", "Miguel Ángel", "Juan Carlos"],
        "f": ["María", "Carmen", "Ana", "Laura", "Lucía", "Marta", "Elena", "Isabel", "Sofía",
              "Paula", "Cristina", "Nuria", "Begoña", "María José", "Dolores"],
    },
}
WEST_SURNAMES = {
    "US": ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
           "Rodriguez", "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson",
           "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright",
           "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "O'Brien",
           "Murphy", "Nguyen", "Kim", "Patel", "Cohen", "Sullivan"],
    "GB": ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
           "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
           "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
           "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee",
           "King", "Baker", "Harrison", "Morgan", "Allen", "O'Connor", "MacDonald", "Khan"],
    "DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
           "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
           "Hartmann", "Lange", "Köhler", "Jäger", "Günther", "Weiß", "Groß", "von der Heide",
           "Yılmaz"],
    "FR": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
           "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
           "Bertrand", "Roux", "Vincent", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert",
           "Fontaine", "Rousseau", "Faure", "Mercier", "Blanc", "Guérin", "Chevalier",
           "Gauthier", "Le Gall", "N'Diaye"],
    "ES": ["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez",
           "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz",
           "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Gil", "Vázquez", "Serrano",
           "Ramos", "Blanco", "Castro", "Ortega", "Rubio", "Núñez", "Iglesias", "Peña"],
}
# ASCII forms for e-mail addresses and for "the keyboard had no umlaut" duplicates.
TRANSLIT_DE = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
TRANSLIT_PLAIN = {
    "á": "a", "à": "a", "â": "a", "ä": "a", "ã": "a", "å": "a", "é": "e", "è": "e", "ê": "e",
    "ë": "e", "í": "i", "ì": "i", "î": "i", "ï": "i", "ı": "i", "ó": "o", "ò": "o", "ô": "o",
    "ö": "o", "õ": "o", "ú": "u", "ù": "u", "û": "u", "ü": "u", "ñ": "n", "ç": "c", "ß": "ss",
    "Á": "A", "À": "A", "Â": "A", "Ä": "A", "É": "E", "È": "E", "Ê": "E", "Í": "I", "Î": "I",
    "Ó": "O", "Ô": "O", "Ö": "O", "Ú": "U", "Ü": "U", "Ñ": "N", "Ç": "C", "ğ": "g", "ş": "s",
}


def ascii_fold(text: str, german: bool = False) -> str:
    out = []
    for ch in text:
        if german and ch in TRANSLIT_DE:
            out.append(TRANSLIT_DE[ch])
        else:
            out.append(TRANSLIT_PLAIN.get(ch, ch))
    return "".join(out)


def mail_token(text: str, german: bool = False) -> str:
    """'O'Brien' -> 'obrien', 'Müller' -> 'mueller', 'Jean-Luc' -> 'jeanluc', 'lü' -> 'lv'."""
    text = text.replace("ü", "v") if text.islower() and "ü" in text else text
    folded = ascii_fold(text, german).lower()
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


def nickname_key(name: str) -> str:
    """A given name in the form of scripts/data/nicknames.csv: 'Zoë' -> 'zoe'."""
    return "".join(ch for ch in ascii_fold(name).lower() if ch.isascii() and ch.isalpha())


def load_nicknames(path: str) -> dict:
    """{name: [nickname, ...]} in file order, from rows name1,has_nickname,name2.

    The list comes from a public source (see scripts/gen_nicknames.py), not from the
    matcher's own table, so a nickname duplicate tests the matcher instead of repeating it."""
    table: dict = {}
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().split("\n") if line and not line.startswith("#")]
    for line in lines[1:]:
        name, relation, nickname = line.split(",")
        if relation == "has_nickname":
            table.setdefault(name, []).append(nickname)
    return table


NICKNAMES = load_nicknames(os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "nicknames.csv"))


def pinyin_cap(syllables: str) -> str:
    """'xiaoming' -> 'Xiaoming', 'lü' -> 'Lü'."""
    return syllables[:1].upper() + syllables[1:]


# --------------------------------------------------------------------------------------------
# Reference data: places and phones
# --------------------------------------------------------------------------------------------

# city, region (province), area code, districts (name, postcode), weight, southern?
CN_CITIES = Weighted([((c, r, a, d, s), w) for c, r, a, d, w, s in [
    ("上海", "上海", "21", [("浦东新区", "200120"), ("徐汇区", "200030"), ("静安区", "200040"),
                          ("黄浦区", "200001"), ("长宁区", "200050"), ("闵行区", "201100"),
                          ("杨浦区", "200082")], 18, False),
    ("北京", "北京", "10", [("朝阳区", "100020"), ("海淀区", "100080"), ("东城区", "100010"),
                          ("西城区", "100032"), ("丰台区", "100071")], 15, False),
    ("广州", "广东", "20", [("天河区", "510620"), ("越秀区", "510030"), ("海珠区", "510220"),
                          ("番禺区", "511400")], 10, True),
    ("深圳", "广东", "755", [("南山区", "518052"), ("福田区", "518033"), ("罗湖区", "518001"),
                           ("宝安区", "518101")], 10, True),
    ("杭州", "浙江", "571", [("西湖区", "310012"), ("上城区", "310002"), ("滨江区", "310051"),
                           ("拱墅区", "310011")], 8, False),
    ("南京", "江苏", "25", [("鼓楼区", "210008"), ("玄武区", "210018"), ("建邺区", "210019")], 5, False),
    ("苏州", "江苏", "512", [("姑苏区", "215000"), ("吴中区", "215100"), ("苏州工业园区", "215021")],
     5, False),
    ("成都", "四川", "28", [("锦江区", "610021"), ("武侯区", "610041"), ("青羊区", "610031")], 6, False),
    ("武汉", "湖北", "27", [("武昌区", "430061"), ("江汉区", "430015"), ("洪山区", "430070")], 5, False),
    ("西安", "陕西", "29", [("雁塔区", "710061"), ("碑林区", "710001"), ("未央区", "710016")], 4, False),
    ("重庆", "重庆", "23", [("渝中区", "400010"), ("江北区", "400020"), ("南岸区", "400060")], 4, False),
    ("天津", "天津", "22", [("和平区", "300041"), ("南开区", "300100"), ("河西区", "300202")], 3, False),
    ("长沙", "湖南", "731", [("岳麓区", "410006"), ("芙蓉区", "410011"), ("天心区", "410004")], 3, False),
    ("青岛", "山东", "532", [("市南区", "266001"), ("崂山区", "266100")], 2, False),
    ("厦门", "福建", "592", [("思明区", "361001"), ("湖里区", "361006")], 2, True),
]])
MUNICIPALITIES = ("上海", "北京", "天津", "重庆")
CN_ROADS = ["人民", "解放", "中山", "建设", "文化", "长江", "黄河", "青年", "光明", "朝阳", "学院",
            "复兴", "东风", "南京", "北京", "延安", "和平", "新华", "胜利", "花园", "府前", "科技"]
CN_COMPOUNDS = ["阳光花园", "幸福家园", "翠湖苑", "金色家园", "锦绣华庭", "万科城", "绿地小区",
                "东方明珠苑", "滨江公寓", "世纪新城"]
CN_TOWERS = ["国际金融中心", "环球贸易广场", "中信大厦", "时代广场", "财富中心", "科技大厦"]
CN_STORES = {
    "上海": ["上海南京西路店", "上海正大广场店"], "北京": ["北京三里屯店", "北京西单店"],
    "广州": ["广州天河城店"], "深圳": ["深圳万象城店"], "杭州": ["杭州湖滨银泰店"],
    "成都": ["成都春熙路店"], "*": ["天猫旗舰店", "微信小程序"],
}

# Mobile prefixes as handed out by the carriers, weighted by how often one meets them.
CN_MOBILE_PREFIXES = Weighted([
    ("138", 6), ("139", 6), ("137", 4), ("136", 4), ("135", 4), ("134", 3), ("130", 3),
    ("131", 3), ("132", 3), ("133", 2), ("150", 3), ("151", 3), ("152", 3), ("153", 1.5),
    ("155", 2), ("156", 2), ("157", 1.5), ("158", 3), ("159", 3), ("173", 1), ("175", 1),
    ("176", 1.5), ("177", 1), ("178", 1), ("180", 2), ("181", 2), ("182", 2), ("183", 2),
    ("185", 2), ("186", 3), ("187", 2), ("188", 2), ("189", 2), ("191", 0.5), ("195", 0.5),
    ("198", 1), ("199", 1),
])
# Only blocks that are wholly allocated (checked against libphonenumber's metadata).
HK_MOBILE_PREFIXES = [
    "61", "63", "64", "65", "69", "94", "96", "97",
    "512", "513", "518", "519", "520", "522", "530", "533", "540", "544", "550", "551", "552",
    "553", "559", "560", "561", "562", "590", "591", "592", "593", "594", "597", "598",
    "901", "902", "903", "904", "905", "906", "907", "908", "909", "910", "912", "913", "916",
    "917", "918", "919", "920", "921", "922", "923", "925", "926", "930", "931", "932", "933",
    "934", "935", "936", "937", "938", "951", "952", "953", "954", "955", "956", "957", "960",
    "970", "980", "981", "982", "983", "984", "985", "986", "987", "988"]

HK_PLACES = [  # district zh, district en, region zh, region en, roads [(zh, en)]
    ("旺角", "Mong Kok", "九龍", "Kowloon", [("彌敦道", "Nathan Road"), ("西洋菜南街", "Sai Yeung Choi Street South")]),
    ("尖沙咀", "Tsim Sha Tsui", "九龍", "Kowloon", [("廣東道", "Canton Road"), ("金巴利道", "Kimberley Road")]),
    ("灣仔", "Wan Chai", "香港島", "Hong Kong Island", [("軒尼詩道", "Hennessy Road"), ("駱克道", "Lockhart Road")]),
    ("北角", "North Point", "香港島", "Hong Kong Island", [("英皇道", "King's Road")]),
    ("中環", "Central", "香港島", "Hong Kong Island", [("皇后大道中", "Queen's Road Central"), ("德輔道中", "Des Voeux Road Central")]),
    ("荃灣", "Tsuen Wan", "新界", "New Territories", [("青山公路", "Castle Peak Road")]),
    ("沙田", "Sha Tin", "新界", "New Territories", [("沙田正街", "Sha Tin Centre Street")]),
]
HK_STORES = ["銅鑼灣店", "旺角店", "尖沙咀海港城店", "沙田新城市廣場店", "網店"]

TW_PLACES = [  # city, district, postcode, roads, landline area code
    ("臺北市", "大安區", "106", ["忠孝東路四段", "敦化南路一段", "復興南路一段"], "2"),
    ("臺北市", "信義區", "110", ["信義路五段", "松仁路", "基隆路一段"], "2"),
    ("臺北市", "中山區", "104", ["南京東路三段", "中山北路二段"], "2"),
    ("新北市", "板橋區", "220", ["文化路一段", "中山路一段"], "2"),
    ("臺中市", "西屯區", "407", ["臺灣大道三段", "文心路三段"], "4"),
    ("高雄市", "苓雅區", "802", ["四維三路", "中華四路"], "7"),
]
TW_STORES = ["台北信義店", "台北東區店", "台中勤美店", "高雄漢神店", "官方網站"]

# city, state, zip range, area codes, UTC offset (hours, ignoring summer time)
US_CITIES = [
    ("New York", "NY", (10001, 10040), ["212", "646", "917"], -5),
    ("Brooklyn", "NY", (11201, 11238), ["718", "347"], -5),
    ("San Francisco", "CA", (94102, 94134), ["415", "628"], -8),
    ("Los Angeles", "CA", (90004, 90068), ["213", "310", "323"], -8),
    ("Boston", "MA", (2108, 2136), ["617", "857"], -5),
    ("Chicago", "IL", (60601, 60661), ["312", "773"], -6),
    ("Seattle", "WA", (98101, 98199), ["206"], -8),
    ("Austin", "TX", (78701, 78759), ["512", "737"], -6),
    ("Denver", "CO", (80202, 80239), ["303", "720"], -7),
    ("Philadelphia", "PA", (19102, 19154), ["215", "267"], -5),
]
US_STREETS = ["Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lincoln", "Park",
              "Lake", "Hill", "Market", "Mission", "Sunset", "Franklin", "Jefferson", "2nd", "3rd",
              "5th"]
US_STREET_TYPES = ["St", "Ave", "Blvd", "Dr", "Ln", "Rd", "Street", "Avenue"]
GB_CITIES = [  # city, region, outward codes, landline (area, subscriber length, first digits)
    ("London", "", ["SW7", "SE1", "N1", "E14", "W2", "NW3", "EC1V", "WC2H"], ("20", 8, "378")),
    ("Manchester", "", ["M1", "M4", "M14", "M20"], ("161", 7, "2345689")),
    ("Birmingham", "", ["B1", "B15", "B29"], ("121", 7, "234567")),
    ("Edinburgh", "Scotland", ["EH1", "EH3", "EH10"], ("131", 7, "2345678")),
    ("Bristol", "", ["BS1", "BS6", "BS8"], ("117", 7, "2349")),
    ("Leeds", "", ["LS1", "LS6"], ("113", 7, "23458")),
]
GB_STREETS = ["High", "Church", "Station", "Victoria", "Park", "Queen's", "King's", "Mill",
              "Albert", "Green", "Manor", "London", "York", "Windsor"]
GB_STREET_TYPES = ["Street", "Road", "Lane", "Avenue", "Close", "Gardens", "Terrace"]
GB_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
DE_CITIES = [  # city, Land, postcode range, area code (without 0), subscriber length
    ("Berlin", "Berlin", (10115, 14199), "30", 8),
    ("München", "Bayern", (80331, 81929), "89", 8),
    ("Hamburg", "Hamburg", (20095, 22769), "40", 8),
    ("Köln", "Nordrhein-Westfalen", (50667, 51149), "221", 7),
    ("Frankfurt am Main", "Hessen", (60311, 60599), "69", 8),
    ("Stuttgart", "Baden-Württemberg", (70173, 70629), "711", 7),
]
DE_STREETS = ["Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Gartenweg",
              "Lindenallee", "Friedrichstraße", "Berliner Straße", "Kastanienallee", "Am Markt",
              "Schulstraße", "Mozartstraße", "Königstraße"]
FR_CITIES = [  # city, region, postcodes, landline zone
    ("Paris", "Île-de-France", [f"750{i:02d}" for i in range(1, 21)], "1"),
    ("Lyon", "Auvergne-Rhône-Alpes", [f"6900{i}" for i in range(1, 10)], "4"),
    ("Marseille", "Provence-Alpes-Côte d'Azur", [f"130{i:02d}" for i in range(1, 17)], "4"),
    ("Toulouse", "Occitanie", ["31000", "31100", "31200", "31300", "31400", "31500"], "5"),
    ("Bordeaux", "Nouvelle-Aquitaine", ["33000", "33100", "33200", "33300", "33800"], "5"),
    ("Lille", "Hauts-de-France", ["59000", "59800"], "3"),
]
FR_STREETS = ["rue de la Paix", "rue de Rivoli", "avenue Victor Hugo", "boulevard Saint-Germain",
              "rue du Faubourg Saint-Antoine", "rue La Fayette", "rue des Écoles",
              "place de la République", "rue Nationale", "avenue Jean Jaurès", "rue Pasteur",
              "chemin des Vignes"]
ES_CITIES = [  # city, region, postcode range, landline prefix
    ("Madrid", "Comunidad de Madrid", (28001, 28055), "91"),
    ("Barcelona", "Cataluña", (8001, 8042), "93"),
    ("Valencia", "Comunitat Valenciana", (46001, 46026), "96"),
    ("Sevilla", "Andalucía", (41001, 41020), "95"),
    ("Bilbao", "País Vasco", (48001, 48015), "94"),
    ("Málaga", "Andalucía", (29001, 29018), "95"),
]
ES_STREETS = ["Calle Mayor", "Gran Vía", "Calle de Alcalá", "Calle Serrano",
              "Avenida de la Constitución", "Calle Real", "Paseo de la Castellana",
              "Carrer de Balmes", "Passeig de Gràcia", "Calle Larios", "Plaza Mayor"]
WEST_STORES = {
    "US": ["New York SoHo", "San Francisco Union Square", "Online"],
    "GB": ["London Covent Garden", "Manchester Arndale", "Online"],
    "DE": ["Berlin Kurfürstendamm", "München Kaufingerstraße", "Online"],
    "FR": ["Paris Le Marais", "Lyon Presqu'île", "Online"],
    "ES": ["Madrid Gran Vía", "Barcelona Passeig de Gràcia", "Online"],
}

MAIL_DOMAINS = {
    "CN": Weighted([("qq.com", 30), ("163.com", 20), ("126.com", 8), ("sina.com", 4),
                    ("sohu.com", 2), ("foxmail.com", 4), ("gmail.com", 4), ("outlook.com", 4),
                    ("hotmail.com", 2), ("139.com", 3), ("aliyun.com", 2)]),
    "HK": Weighted([("gmail.com", 35), ("yahoo.com.hk", 20), ("hotmail.com", 15),
                    ("netvigator.com", 10), ("outlook.com", 10), ("icloud.com", 10)]),
    "TW": Weighted([("gmail.com", 40), ("yahoo.com.tw", 25), ("hotmail.com", 10),
                    ("msa.hinet.net", 10), ("outlook.com", 10), ("icloud.com", 5)]),
    "US": Weighted([("gmail.com", 45), ("yahoo.com", 15), ("outlook.com", 10), ("hotmail.com", 8),
                    ("icloud.com", 10), ("aol.com", 4), ("comcast.net", 4)]),
    "GB": Weighted([("gmail.com", 35), ("hotmail.co.uk", 15), ("yahoo.co.uk", 10),
                    ("outlook.com", 10), ("btinternet.com", 10), ("icloud.com", 10), ("sky.com", 5)]),
    "DE": Weighted([("gmail.com", 25), ("web.de", 25), ("gmx.de", 25), ("t-online.de", 15),
                    ("outlook.de", 10)]),
    "FR": Weighted([("gmail.com", 35), ("orange.fr", 20), ("free.fr", 15), ("hotmail.fr", 10),
                    ("laposte.net", 10), ("sfr.fr", 10)]),
    "ES": Weighted([("gmail.com", 45), ("hotmail.es", 20), ("yahoo.es", 10), ("outlook.es", 10),
                    ("telefonica.net", 5)]),
}
# Employers of persons, for work addresses: fictitious names that look like real ones.
WORK_DOMAINS = {
    "CN": ["huaxin-tech.com", "dongfang-media.cn", "jinyuan-group.com", "tianhe-law.cn",
           "chenguang-edu.cn", "hengtong-logistics.com"],
    "HK": ["wingleetrading.com.hk", "harbourview-capital.com.hk", "kamfai.com.hk"],
    "TW": ["hongda-tech.com.tw", "formosa-design.com.tw", "jiahe.com.tw"],
    "*": ["contoso.com", "fabrikam.com", "northwindtraders.com", "adventure-works.com",
          "wingtiptoys.com", "tailspintoys.com", "woodgrovebank.com", "litwareinc.com",
          "proseware.com", "fourthcoffee.com", "wideworldimporters.com", "alpineskihouse.com"],
}

# --------------------------------------------------------------------------------------------
# Reference data: companies
# --------------------------------------------------------------------------------------------

CN_BRANDS = [("华信", "huaxin"), ("宏远", "hongyuan"), ("腾达", "tengda"), ("金源", "jinyuan"),
             ("恒通", "hengtong"), ("鸿运", "hongyun"), ("瑞丰", "ruifeng"), ("嘉和", "jiahe"),
             ("东方", "dongfang"), ("新世纪", "xinshiji"), ("天宇", "tianyu"), ("博雅", "boya"),
             ("锦程", "jincheng"), ("星辰", "xingchen"), ("安信", "anxin"), ("盛世", "shengshi"),
             ("富达", "fuda"), ("中联", "zhonglian"), ("立新", "lixin"), ("永利", "yongli")]
CN_INDUSTRIES = [("贸易", "trade"), ("科技", "tech"), ("商贸", "trading"), ("服饰", "fashion"),
                 ("鞋业", "shoes"), ("体育用品", "sports"), ("文化传媒", "media"),
                 ("电子商务", "ecommerce"), ("健身", "fitness"), ("酒店管理", "hotels")]
HK_BRANDS = [("永利", "Wing Lee"), ("嘉華", "Ka Wah"), ("恒豐", "Hang Fung"), ("金輝", "Kam Fai"),
             ("德信", "Tak Shun"), ("美華", "Mei Wah"), ("東昇", "Tung Sing")]
HK_INDUSTRIES = [("貿易", "Trading"), ("鞋業", "Footwear"), ("體育用品", "Sports"),
                 ("製衣", "Garment"), ("國際", "International")]
TW_BRANDS = [("鴻達", "hongda"), ("宏昌", "hongchang"), ("聯發", "lianfa"), ("大同", "datong"),
             ("金鼎", "jinding"), ("永豐", "yongfeng")]
WEST_COMPANY_WORDS = ["Pacific", "Atlantic", "Summit", "Evergreen", "Alpine", "Harbor",
                      "Riverside", "Northern", "Blue Ridge", "Highland", "Meridian", "Keystone"]
JOB_TITLES = {
    "zh-Hans": ["采购经理", "总经理", "行政主管", "采购专员", "店长", "财务经理", "运营总监"],
    "zh-Hant": ["採購經理", "總經理", "行政主管", "採購專員", "店長", "財務經理"],
    "en": ["Purchasing Manager", "Office Manager", "Head of Procurement", "Store Manager", "CEO",
           "Buyer", "Operations Director"],
    "de": ["Einkaufsleiter", "Geschäftsführer", "Leiterin Einkauf", "Filialleiter"],
    "fr": ["Responsable des achats", "Gérant", "Directrice commerciale", "Acheteur"],
    "es": ["Director de compras", "Gerente", "Responsable de tienda", "Compradora"],
}

# --------------------------------------------------------------------------------------------
# Reference data: texts
# --------------------------------------------------------------------------------------------

TEXTS = {
    "zh-Hans": {
        "call": [("回访", "客户反馈鞋子很合脚，下次想看看秋冬款。"), ("未接通", "未接通，已发短信。"),
                 ("双十一活动咨询", "客户询问双十一活动，已介绍满减规则。"),
                 ("会员续费提醒", "客户表示最近没时间，下月再联系。"),
                 ("预约到店", "确认周六下午三点到店试穿。"), ("售后回访", "")],
        "email": [("订单发货通知", "您的订单已发货，顺丰单号 SF1402736958123。"),
                  ("会员积分到期提醒", "您有 1,280 积分将于月底到期，可在小程序兑换。"),
                  ("新品上市", "秋冬新款已到店，会员可提前预约试穿。"),
                  ("电子发票", "电子发票已发送，请查收。"),
                  ("回复：尺码咨询", "您好，这款偏大半码，建议选小半码。")],
        "sms": [("", "【云步】双十一预售开启，会员专享8折，回T退订"),
                ("", "【云步】您的订单已签收，感谢惠顾！"),
                ("", "【云步】生日快乐！送您一张50元优惠券，有效期30天。"),
                ("", "【云步】您预约的到店试穿时间为周六 15:00。")],
        "chat": [("", "客户咨询这款有没有39码。"), ("", "发了新品图片给客户。"),
                 ("", "客户问能不能顺丰到付。"), ("", "客户要求开发票，抬头和税号已记录。"),
                 ("", "客户发来退货照片，鞋面有划痕。")],
        "visit": [("", "到店试穿三双，暂未购买，觉得价格偏高。"), ("", "陪朋友来店，顺便登记了会员。"),
                  ("", "来取预留的货。"), ("", "来店做免费清洗保养。")],
        "meeting": [("年度采购洽谈", "讨论明年春夏季订货量，对方希望单价再降5%。"),
                    ("样品确认", "确认样品颜色和包装，下周回复。"),
                    ("团购方案", "公司团建需要120双跑鞋，已报价。")],
        "complaint": [("鞋底开胶", "购买不到两个月鞋底开胶，要求换货。"),
                      ("物流太慢", "下单一周还没收到货，客户很着急。"),
                      ("服务态度", "客户投诉店员态度冷淡，\n要求店长回电。"),
                      ("尺码不符", "实物比标注尺码小半码，要求退换。"),
                      ("发票错误", "发票抬头写错，需要重开。")],
        "suggestion": [("", "希望能增加宽楦版本。"), ("", "建议小程序增加尺码对照表。"),
                       ("", "希望会员积分能抵现金。"), ("", "门店营业时间能否延长到晚上十点？")],
        "survey": [("购物满意度调查", ""), ("购物满意度调查", "鞋子很舒服，物流有点慢。"),
                   ("购物满意度调查", "店员很专业，赞！"), ("服务评价", "价格有点贵。")],
        "note": [("", "客户说：“下次有新色通知我。”"), ("", "已更新收货地址。"),
                 ("", "客户要求不要电话联系，只发微信。")],
    },
    "zh-Hant": {
        "call": [("回訪", "客戶表示鞋子很合腳，想看看秋冬款。"), ("未接通", "未接通，已發短訊。"),
                 ("預約到店", "確認星期六下午三點到店試穿。")],
        "email": [("訂單發貨通知", "您的訂單已發貨，追蹤編號 HK0294817365。"),
                  ("新品上市", "秋冬新款已到店，會員可預約試穿。"),
                  ("回覆：尺碼查詢", "您好，這款偏大半碼，建議選小半碼。")],
        "sms": [("", "【雲步】會員專享8折，優惠至月底。回覆STOP取消訂閱"),
                ("", "【雲步】生日快樂！送您一張優惠券，有效期30天。")],
        "chat": [("", "客戶查詢這款有沒有39碼。"), ("", "傳了新品相片給客戶。"),
                 ("", "客戶問可否順豐到付。")],
        "visit": [("", "到店試穿兩雙，暫未購買。"), ("", "來取預留的貨。")],
        "meeting": [("採購洽談", "討論下季訂貨量，對方希望單價再降5%。"),
                    ("樣品確認", "確認樣品顏色及包裝，下星期回覆。")],
        "complaint": [("鞋底脫膠", "購買不到兩個月鞋底脫膠，要求換貨。"),
                      ("送貨太慢", "下單一星期仍未收到貨。"),
                      ("服務態度", "客戶投訴店員態度冷淡，\n要求店長回電。")],
        "suggestion": [("", "希望增加闊楦版本。"), ("", "建議網店增加尺碼對照表。")],
        "survey": [("購物滿意度調查", ""), ("購物滿意度調查", "鞋子很舒服，店員很專業。")],
        "note": [("", "客戶說：「有新色請通知我。」"), ("", "已更新送貨地址。")],
    },
    "en": {
        "call": [("Follow-up call", "Happy with the boots, interested in the spring range."),
                 ("Left voicemail", "No answer, left a voicemail."),
                 ("Delivery slot", "Confirmed delivery for Thursday between 9am and 1pm."),
                 ("Membership renewal", "Reminded about the gold membership renewal, will decide next week."),
                 ("Appointment", "Booked a fitting on Saturday, 3pm.")],
        "email": [("Your order has shipped", "Tracking number 1Z999AA10123456784."),
                  ("Re: sizing question", "Hi, this model runs half a size large, so we'd suggest going down half a size."),
                  ("Your invoice", "Please find attached the invoice for your recent order."),
                  ("New arrivals", "The autumn collection is now in store and online."),
                  ("Your points are about to expire", "You have 640 points expiring at the end of the month.")],
        "sms": [("", "Yunbu: your order is ready for collection. Reply STOP to opt out."),
                ("", "Yunbu: Black Friday starts now - 20% off for members. Reply STOP to opt out."),
                ("", "Happy birthday from Yunbu! Enjoy 15% off this month.")],
        "chat": [("", "Asked whether size 44 is back in stock."), ("", "Sent photos of the new trail runners."),
                 ("", "Asked about shipping to Canada, and the cost."),
                 ("", "Asked if we can hold a pair until Saturday.")],
        "visit": [("", "Tried on three pairs, didn't buy - waiting for the sale."),
                  ("", "Picked up a reserved pair."), ("", "Came in for a free shoe stretch.")],
        "meeting": [("Quarterly review", "Reviewed Q3 volumes; they want to add the kids' range."),
                    ("Sample approval", "Approved samples in navy and grey, PO to follow."),
                    ("Corporate order", "Team of 80 needs running shoes for a charity run; quote sent.")],
        "complaint": [("Sole came apart", "Sole separated after six weeks of normal wear. Wants a replacement."),
                      ("Late delivery", "Order still not delivered after 10 days, \"very disappointed\"."),
                      ("Wrong item", "Received size 41 instead of 42.\nAsked for a prepaid return label."),
                      ("Staff attitude", "Says a staff member was dismissive; wants a call from the manager."),
                      ("Double charged", "Card was charged twice for one order, refund needed.")],
        "suggestion": [("", "Would love a wide-fit option for the trail runners."),
                       ("", "Please add half sizes online."), ("", "Suggests a resoling service."),
                       ("", "The app should remember my size.")],
        "survey": [("How did we do?", ""), ("How did we do?", "Great service, the staff were very helpful."),
                   ("How did we do?", "Shoes are comfy, delivery took a while."),
                   ("Quick survey", "Too pricey for what it is.")],
        "note": [("", "Prefers email, no calls please."), ("", "Said: \"Call me after 6pm, I'm at work.\""),
                 ("", "Moved house, address updated."), ("", "Interested in the loyalty programme.")],
    },
    "de": {
        "call": [("Rückruf", "Kunde möchte über die neue Kollektion informiert werden."),
                 ("Nicht erreicht", "Nicht erreicht, Nachricht auf der Mailbox hinterlassen.")],
        "email": [("Ihre Bestellung wurde versandt", "Sendungsnummer 00340434161234567890."),
                  ("Re: Größenberatung", "Das Modell fällt eine halbe Nummer größer aus.")],
        "complaint": [("Sohle löst sich", "Sohle nach sechs Wochen gelöst, Kunde möchte Ersatz."),
                      ("Lieferung verspätet", "Bestellung nach zehn Tagen noch nicht da.")],
        "suggestion": [("", "Bitte mehr Modelle in Übergröße (47+).")],
        "survey": [("Wie zufrieden waren Sie?", "Sehr freundliche Beratung!")],
    },
    "fr": {
        "call": [("Rappel", "Le client souhaite être informé des nouveautés."),
                 ("Messagerie", "Pas de réponse, message laissé.")],
        "email": [("Votre commande a été expédiée", "Numéro de suivi 6A12345678901."),
                  ("Re : question de pointure", "Ce modèle taille grand, prenez une demi-pointure en dessous.")],
        "complaint": [("Semelle décollée", "Semelle décollée après six semaines, le client demande un échange."),
                      ("Retard de livraison", "Commande toujours pas reçue après dix jours.")],
        "suggestion": [("", "Proposer des demi-pointures en ligne.")],
        "survey": [("Votre avis compte", "Très bon accueil, merci !")],
    },
    "es": {
        "call": [("Llamada de seguimiento", "La clienta pregunta por la nueva colección."),
                 ("Sin respuesta", "No contesta, se dejó un mensaje.")],
        "email": [("Tu pedido ha sido enviado", "Número de seguimiento 1234567890123."),
                  ("Re: consulta de talla", "Este modelo talla grande; recomendamos media talla menos.")],
        "complaint": [("Suela despegada", "La suela se despegó tras seis semanas; pide un cambio."),
                      ("Retraso en la entrega", "El pedido sigue sin llegar después de diez días.")],
        "suggestion": [("", "Ofrecer tallas grandes en tienda.")],
        "survey": [("¿Qué tal lo hicimos?", "Muy buena atención, ¡gracias!")],
    },
}

CUSTOMER_NOTES = {
    "zh-Hans": ["喜欢黑色、深色系，鞋码42。", "双十一前会来店试穿，提前留货。\n电话联系前先发微信。",
                "客户说：“上次的尺码偏小，换大半码。”", "对羊毛过敏，只要棉、麻材质。",
                "老客户介绍来的，给予首单9折。", "送货请放门卫处，不要敲门（家里有婴儿）。"],
    "zh-Hant": ["喜歡黑色、深色系，鞋碼42。", "客戶說：「上次尺碼偏細，換大半碼。」",
                "送貨請放管理處，\n平日晚上七點後才在家。"],
    "en": ["Prefers \"classic\" fit, size 42; call after 6pm.",
           "Asked about the \"VIP, gold\" upgrade.\nFollow up in March.",
           "Allergic to wool, prefers cotton, linen.", "Don't call before 10am, please.",
           "Wide feet - recommend the \"W\" models.\nLikes earth tones, dislikes neon.",
           "Gift buyer: mostly buys for her husband, size 44."],
    "company": ["Corporate account - invoice to head office, Attn: Accounts Payable.",
                "Payment terms: net 30; PO required, quote ref \"Q-2025-118\".",
                "月结30天，开增值税专用发票。", "年度框架协议，\n价格每季度复核一次。"],
}

# --------------------------------------------------------------------------------------------
# Staff
# --------------------------------------------------------------------------------------------

USERS = [  # username, display name, role, team
    ("zhao.min", "赵敏", "manager", "east"),
    ("li.na", "李娜", "sales", "east"),
    ("wang.qiang", "王强", "sales", "east"),
    ("chan.kawai", "陳嘉慧", "manager", "south"),
    ("lin.yating", "林雅婷", "sales", "south"),
    ("emma.brown", "Emma Brown", "manager", "intl"),
    ("lukas.weber", "Lukas Weber", "sales", "intl"),
    ("sofia.garcia", "Sofía García", "sales", "intl"),
    ("liu.yang", "刘洋", "viewer", ""),
]
TEAM_MEMBERS = {}
for _u in USERS:
    if _u[3]:
        TEAM_MEMBERS.setdefault(_u[3], []).append(_u[0])
TEAM_OF = {u[0]: u[3] for u in USERS}
MANAGER_OF = {u[3]: u[0] for u in USERS if u[2] == "manager"}

# --------------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------------

REGIONS = Weighted([("CN", 58), ("HK", 8), ("TW", 7), ("US", 10), ("GB", 6.5), ("DE", 4.5),
                    ("FR", 3), ("ES", 3)])
CURRENCY = {"CN": "CNY", "HK": "HKD", "TW": "TWD", "US": "USD", "GB": "GBP", "DE": "EUR",
            "FR": "EUR", "ES": "EUR"}
# Price level of one "unit" of shopping in each currency (a pair of shoes ~ 40-100 units).
PRICE_FACTOR = {"CNY": 7.0, "HKD": 7.8, "TWD": 32.0, "USD": 1.0, "GBP": 0.8, "EUR": 0.92}
LANGUAGE = {"CN": "zh-Hans", "HK": "zh-Hant", "TW": "zh-Hant", "US": "en", "GB": "en",
            "DE": "de", "FR": "fr", "ES": "es"}
LOCALE = {"CN": "zh-CN", "HK": "zh-HK", "TW": "zh-TW", "US": "en-US", "GB": "en-GB",
          "DE": "de-DE", "FR": "fr-FR", "ES": "es-ES"}
UTC_OFFSET = {"CN": 8, "HK": 8, "TW": 8, "GB": 0, "DE": 1, "FR": 1, "ES": 1}
CHINESE = ("CN", "HK", "TW")

SOURCES = {
    "CN": [("wechat", 35), ("shop", 30), ("web", 15), ("referral", 10), ("fair", 4), ("phone", 6)],
    "HK": [("shop", 40), ("web", 25), ("referral", 15), ("wechat", 8), ("fair", 6), ("phone", 6)],
    "TW": [("shop", 40), ("web", 30), ("referral", 15), ("fair", 8), ("phone", 7)],
    "*": [("web", 40), ("shop", 30), ("referral", 15), ("fair", 8), ("phone", 7)],
    "company": [("fair", 30), ("referral", 25), ("phone", 20), ("web", 15), ("shop", 10)],
}

# Behaviour segments; drive how many interactions a customer gets and which kinds.
SEGMENTS = ("prospect", "one_time", "occasional", "loyal", "churned")
SEGMENT_WEIGHT = {"prospect": 2, "one_time": 4, "occasional": 14, "loyal": 60, "churned": 12}
SEGMENT_MIN = {"prospect": 0, "one_time": 1, "occasional": 2, "loyal": 6, "churned": 1}
PURCHASE_SHARE = {"prospect": 0.0, "one_time": 0.0, "occasional": 0.55, "loyal": 0.62,
                  "churned": 0.6}

# --------------------------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------------------------


def new_phone(rng: Rng, country: str, kind: str, place=None) -> dict:
    """A phone as data: country, kind (mobile|landline) and national significant number."""
    if country == "CN":
        if kind == "mobile":
            national = CN_MOBILE_PREFIXES.pick(rng) + rng.digits(8)
        else:
            area = place[2] if place else "21"
            length = 7 if area == "592" else 8
            national = area + rng.choice("2345678") + rng.digits(length - 1)
            if national[len(area):].startswith("800"):   # not a service number
                national = area + "6" + national[len(area) + 1:]
    elif country == "HK":
        if kind == "mobile":
            prefix = rng.choice(HK_MOBILE_PREFIXES)
            national = prefix + rng.digits(8 - len(prefix))
        else:
            national = "2" + rng.choice("13456789") + rng.digits(6)
    elif country == "TW":
        if kind == "mobile":
            national = "9" + str(rng.between(0, 8)) + rng.digits(7)
        else:
            area = place[4] if place else "2"
            if area == "7":
                national = "7" + str(rng.between(2, 8)) + rng.digits(6)
            else:
                national = area + rng.choice("23" if area == "4" else "2345678") + rng.digits(7)
    elif country == "US":
        area = rng.choice(place[3]) if place else "212"
        while True:
            exchange = str(rng.between(2, 9)) + rng.digits(2)
            if exchange[1:] != "11" and exchange != "555" and exchange != "950":
                break
        national = area + exchange + rng.digits(4)
    elif country == "GB":
        if kind == "mobile":
            prefix = pick(rng, [("71", 1), ("72", 1), ("73", 1), ("74", 1), ("75", 1), ("77", 3),
                                ("78", 2), ("79", 3)])
            if prefix == "74":
                prefix += rng.choice("012346789")
            elif prefix == "75":
                prefix += rng.choice("13456789")
            elif prefix == "77":
                prefix += rng.choice("1234567")
            elif prefix == "78":
                prefix += rng.choice("014567")
            elif prefix == "79":
                prefix += rng.choice("024578")
            else:
                prefix += rng.digits(1)
            national = prefix + rng.digits(10 - len(prefix))
        else:
            area, length, firsts = place[3] if place else ("20", 8, "378")
            national = area + rng.choice(firsts) + rng.digits(length - 1)
    elif country == "DE":
        if kind == "mobile":
            prefix = rng.choice(["151", "152", "157", "159", "160", "162", "170", "171", "172",
                                 "173", "174", "175", "176", "177", "178", "179"])
            length = 8 if prefix.startswith("15") else rng.choice((7, 8))
            national = prefix + str(rng.between(1, 9)) + rng.digits(length - 1)
        else:
            area, length = (place[3], place[4]) if place else ("30", 8)
            national = area + str(rng.between(2, 9)) + rng.digits(length - 1)
    elif country == "FR":
        if kind == "mobile":
            national = rng.choice(["6", "6", "6", "7"])
            national += rng.choice("0124578") if national == "6" else rng.choice("5678")
            national += rng.digits(7)
        else:
            zone = place[3] if place else "1"
            national = zone + str(rng.between(1, 8)) + rng.digits(7)
    elif country == "ES":
        if kind == "mobile":
            national = "6" + rng.digits(8)
        else:
            prefix = place[3] if place else "91"
            national = prefix + str(rng.between(1, 9)) + rng.digits(6)
    else:
        raise ValueError(country)
    return {"country": country, "kind": kind, "national": national}


def _groups(s: str, sizes, sep: str = " ") -> str:
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(p for p in out if p)


def format_phone(rng: Rng, phone: dict) -> str:
    """The number written the way people write it in that country, in one of several styles."""
    c, k, n = phone["country"], phone["kind"], phone["national"]
    if c == "CN":
        if k == "mobile":
            return pick(rng, [
                (n, 40), (_groups(n, (3, 4, 4), "-"), 15), (_groups(n, (3, 4, 4)), 15),
                ("+86 " + _groups(n, (3, 4, 4)), 15), ("0086 " + n, 5), ("+86" + n, 10)])
        area_len = 2 if n[:1] in "12" else 3
        area, sub = n[:area_len], n[area_len:]
        half = len(sub) // 2
        return pick(rng, [
            (f"0{area}-{sub}", 50), (f"(0{area}) {sub[:half]} {sub[half:]}", 15),
            (f"+86 {area} {sub[:half]} {sub[half:]}", 20), (f"0{area} {sub}", 15)])
    if c == "HK":
        return pick(rng, [
            (f"+852 {n[:4]} {n[4:]}", 40), (f"{n[:4]} {n[4:]}", 25), (n, 10),
            (f"+852-{n[:4]}-{n[4:]}", 10), (f"(852) {n[:4]} {n[4:]}", 10), (f"+852{n}", 5)])
    if c == "TW":
        if k == "mobile":
            return pick(rng, [
                (f"0{n[:3]}-{n[3:6]}-{n[6:]}", 35), (f"0{n[:3]} {n[3:6]} {n[6:]}", 15),
                (f"+886 {n[:3]} {n[3:6]} {n[6:]}", 25), (f"+886-{n[:3]}-{n[3:]}", 10),
                ("0" + n, 15)])
        return pick(rng, [(f"(0{n[0]}) {n[1:-4]}-{n[-4:]}", 50), (f"0{n[0]}-{n[1:-4]}-{n[-4:]}", 30),
                          (f"+886 {n[0]} {n[1:-4]} {n[-4:]}", 20)])
    if c == "US":
        a, e, l = n[:3], n[3:6], n[6:]
        return pick(rng, [
            (f"({a}) {e}-{l}", 35), (f"{a}-{e}-{l}", 20), (f"+1 {a}-{e}-{l}", 15),
            (f"+1 ({a}) {e}-{l}", 10), (f"{a}.{e}.{l}", 10), (f"+1{n}", 10)])
    if c == "GB":
        if k == "mobile":
            return pick(rng, [
                (f"0{n[:4]} {n[4:]}", 40), (f"+44 {n[:4]} {n[4:]}", 30),
                (f"+44 (0){n[:4]} {n[4:]}", 10), (f"+44{n}", 10), ("0" + n, 10)])
        if n.startswith("20"):
            return pick(rng, [(f"020 {n[2:6]} {n[6:]}", 60), (f"+44 20 {n[2:6]} {n[6:]}", 40)])
        return pick(rng, [(f"0{n[:3]} {n[3:6]} {n[6:]}", 60), (f"+44 {n[:3]} {n[3:6]} {n[6:]}", 40)])
    if c == "DE":
        cut = 3 if k == "mobile" or n[:3] in ("221", "711") else 2
        p, s = n[:cut], n[cut:]
        return pick(rng, [
            (f"0{p} {s}", 35), (f"0{p}/{s}", 15), (f"+49 {p} {s}", 30), (f"+49 (0){p} {s}", 5),
            (f"+49{n}", 10), (f"0{p}-{s}", 5)])
    if c == "FR":
        pairs = " ".join(n[i:i + 2] for i in range(1, 9, 2))
        return pick(rng, [
            (f"0{n[0]} {pairs}", 50), (f"+33 {n[0]} {pairs}", 30), ("0" + n, 10),
            (f"0{n[0]}.{pairs.replace(' ', '.')}", 10)])
    if c == "ES":
        return pick(rng, [
            (f"{n[:3]} {n[3:6]} {n[6:]}", 40), (f"+34 {n[:3]} {n[3:6]} {n[6:]}", 30), (n, 15),
            (f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", 10), (f"+34{n}", 5)])
    raise ValueError(c)


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


class Generator:
    def __init__(self, seed: int, n_customers: int, n_interactions: int, as_of: dt.date,
                 duplicate_rate: float):
        self.seed = seed
        self.n_customers = n_customers
        self.n_interactions = n_interactions
        self.as_of_date = as_of
        self.end = date_to_day(as_of) * DAY                     # everything happens before this
        self.start = date_to_day(years_before(as_of, 3)) * DAY  # ... and not before this
        self.duplicate_rate = duplicate_rate
        self.first_day = self.start // DAY - 1
        self.n_days = (self.end - self.start) // DAY + 3
        self._day_tables = {}

    # ---- time sampling ------------------------------------------------------------------

    def _day_table(self, key: str):
        """Cumulative day weights (seasonality, weekends, growth) for one kind of moment."""
        if key in self._day_tables:
            return self._day_tables[key]
        region_group, purpose = key.split("/")
        cum, total = [], 0
        for i in range(self.n_days):
            d = day_to_date(self.first_day + i)
            w = 100
            md = (d.month, d.day)
            if region_group == "zh":
                if (11, 1) <= md <= (11, 11):
                    w = 250                        # Double 11
                elif (6, 1) <= md <= (6, 18):
                    w = 170                        # 618
                elif d.month == 12:
                    w = 120
                elif d.month == 2:
                    w = 75                         # around the Spring Festival
            else:
                if (11, 24) <= md <= (11, 30):
                    w = 220                        # Black Friday week
                elif d.month == 12 and d.day <= 23:
                    w = 180
                elif d.month == 1:
                    w = 80
                elif d.month == 8:
                    w = 90
            if purpose in ("buy", "visit") and d.weekday() >= 5:
                w = w * 5 // 4
            elif purpose == "work" and d.weekday() >= 5:
                w = w // 5
            if purpose == "created":
                w = w * (100 + 100 * i // self.n_days)  # the base grows over the years
            total += w
            cum.append(total)
        self._day_tables[key] = cum
        return cum

    HOURS = {  # local hour weights by purpose
        "buy": [0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 6, 8, 9, 8, 8, 9, 9, 10, 10, 11, 10, 7, 4, 2],
        "visit": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 6, 8, 8, 7, 8, 9, 9, 9, 10, 10, 8, 5, 1, 0],
        "work": [0, 0, 0, 0, 0, 0, 0, 0, 2, 8, 10, 10, 6, 7, 10, 10, 9, 8, 4, 2, 1, 0, 0, 0],
        "chat": [1, 0, 0, 0, 0, 0, 0, 2, 4, 6, 7, 8, 9, 8, 7, 7, 7, 8, 9, 10, 11, 12, 9, 4],
        "created": [0, 0, 0, 0, 0, 0, 0, 1, 3, 6, 8, 9, 9, 8, 8, 9, 9, 9, 10, 10, 9, 7, 4, 2],
    }
    _hour_tables = {k: Weighted(list(enumerate(v))) for k, v in HOURS.items()}

    def moment(self, rng: Rng, region: str, offset_h: int, purpose: str, lo: int, hi: int) -> int:
        """A UTC second in [lo, hi) that looks like local activity of that kind."""
        if hi - lo <= 1:
            return lo
        group = "zh" if region in CHINESE else "west"
        cum = self._day_table(f"{group}/{purpose}")
        offset = offset_h * 3600
        d_lo = max(0, (lo + offset) // DAY - self.first_day)
        d_hi = min(self.n_days - 1, (hi - 1 + offset) // DAY - self.first_day)
        base = cum[d_lo - 1] if d_lo > 0 else 0
        span = cum[d_hi] - base
        hours = self._hour_tables[purpose]
        for _ in range(12):
            day = bisect.bisect_right(cum, base + int(rng.random() * span), d_lo, d_hi + 1)
            day = min(day, d_hi)
            local = (self.first_day + day) * DAY + hours.pick(rng) * 3600 + rng.below(3600)
            ts = local - offset
            if lo <= ts < hi:
                return ts
        return lo + rng.below(hi - lo)

    # ---- people -------------------------------------------------------------------------

    def run(self):
        crng = Rng(self.seed, "customers")
        n_dups = int(self.n_customers * self.duplicate_rate + 0.5)
        n_dups = min(n_dups, max(0, self.n_customers - 1))
        n_orig = self.n_customers - n_dups
        records = []
        for i in range(n_orig):
            rec = self.new_party(crng)
            rec["entity"] = i
            rec["order"] = len(records)
            records.append(rec)
        for _ in range(n_dups):
            original = records[crng.below(n_orig)]
            rec = self.duplicate(crng, original)
            rec["order"] = len(records)
            records.append(rec)
        records.sort(key=lambda r: (r["created_at"], r["order"]))
        width = max(6, len(str(len(records))))
        for i, rec in enumerate(records):
            rec["external_id"] = f"C{i + 1:0{width}d}"
        # Referrals point at a customer who was already there.
        for i, rec in enumerate(records):
            if rec.pop("wants_referrer", False) and i > 0:
                rec["custom"]["referred_by"] = records[crng.below(i)]["external_id"]
        entity_ids = {}
        for rec in records:
            if rec["entity"] not in entity_ids:
                entity_ids[rec["entity"]] = f"E{len(entity_ids) + 1:0{width}d}"
            rec["entity_id"] = entity_ids[rec["entity"]]
        interactions = self.make_interactions(records)
        return records, interactions

    def new_party(self, rng: Rng) -> dict:
        region = REGIONS.pick(rng)
        rec = {"region": region, "lang": LANGUAGE[region]}
        if region in ("DE", "FR", "ES") and rng.chance(0.35):
            rec["lang_mail"] = "en"
        rec["place"] = self.new_place(rng, region)
        rec["offset"] = rec["place"][-1] if region == "US" else UTC_OFFSET[region]
        rec["kind"] = "company" if rng.chance(0.10) else "person"
        rec["sex"] = "f" if rng.chance(0.52) else "m"
        self.new_name(rng, rec)
        if rec["kind"] == "company":
            self.new_company(rng, rec)
        rec["created_at"] = self.moment(rng, region, rec["offset"], "created", self.start,
                                        self.end - 3600)
        age_days = (self.end - rec["created_at"]) // DAY
        rec["segment"] = self.new_segment(rng, rec, age_days)
        self.new_contacts(rng, rec)
        self.new_profile(rng, rec)
        return rec

    def new_place(self, rng: Rng, region: str):
        if region == "CN":
            return CN_CITIES.pick(rng)
        if region == "HK":
            return rng.choice(HK_PLACES)
        if region == "TW":
            return rng.choice(TW_PLACES)
        table = {"US": US_CITIES, "GB": GB_CITIES, "DE": DE_CITIES, "FR": FR_CITIES,
                 "ES": ES_CITIES}[region]
        return rng.choice(table)

    def new_name(self, rng: Rng, rec: dict) -> None:
        region, sex = rec["region"], rec["sex"]
        if region == "CN":
            fam = CN_FAMILY.pick(rng)
            if rng.chance(0.33):
                chars = [CN_GIVEN[sex].pick(rng)]
                while chars[0][0] in ("子", "一", "思", "嘉"):   # not names on their own
                    chars = [CN_GIVEN[sex].pick(rng)]
            else:
                first = CN_GIVEN[sex].pick(rng)
                second = first if sex == "f" and rng.chance(0.04) else CN_GIVEN[sex].pick(rng)
                chars = [first, second]
            rec.update(family=fam[0], given="".join(c[0] for c in chars),
                       family_alt=fam[1], given_alt="".join(c[1] for c in chars),
                       family_latin=pinyin_cap(fam[2]),
                       given_latin=pinyin_cap("".join(c[2] for c in chars)),
                       script="hans")
        elif region in ("HK", "TW"):
            fam = (HK_FAMILY if region == "HK" else TW_FAMILY).pick(rng)
            given = rng.choice((HK_GIVEN if region == "HK" else TW_GIVEN)[sex])
            rec.update(family=fam[0], given=given[0], family_alt=fam[1], given_alt=given[1],
                       family_latin=fam[2], given_latin=given[2], script="hant")
            if region == "HK" and rng.chance(0.45):
                rec["english_name"] = rng.choice(HK_ENGLISH[sex])
            style = rng.random()
            if region == "HK" and "english_name" in rec and style < 0.30:
                rec["script"] = "english"
            elif style < (0.55 if region == "HK" else 0.30):
                rec["script"] = "latin"
        else:
            lang = "en" if region in ("US", "GB") else LANGUAGE[region]
            rec.update(given=rng.choice(WEST_NAMES[lang][sex]),
                       family=rng.choice(WEST_SURNAMES[region]), script="west")
            if region == "ES" and rng.chance(0.5):
                second = rng.choice(WEST_SURNAMES["ES"])
                if second != rec["family"]:
                    rec["family"] += " " + second

    def new_company(self, rng: Rng, rec: dict) -> None:
        region = rec["region"]
        if region == "CN":
            brand, brand_py = rng.choice(CN_BRANDS)
            industry, industry_en = rng.choice(CN_INDUSTRIES)
            city = rec["place"][0]
            prefix = city + ("市" if city in ("深圳", "苏州") and rng.chance(0.6) else "")
            rec["company"] = f"{prefix}{brand}{industry}有限公司"
            rec["company_alt"] = f"{brand}{industry}"
            rec["company_domain"] = rng.choice([f"{brand_py}-{industry_en}.com", f"{brand_py}.com.cn",
                                                f"{brand_py}{industry_en}.cn"])
            rec["job_lang"] = "zh-Hans"
        elif region == "HK":
            brand, brand_en = rng.choice(HK_BRANDS)
            industry, industry_en = rng.choice(HK_INDUSTRIES)
            if rng.chance(0.5):
                rec["company"] = f"{brand}{industry}有限公司"
                rec["company_alt"] = f"{brand_en} {industry_en} Limited"
            else:
                rec["company"] = f"{brand_en} {industry_en} Limited"
                rec["company_alt"] = f"{brand_en} {industry_en} Ltd."
            rec["company_domain"] = mail_token(brand_en + industry_en) + ".com.hk"
            rec["job_lang"] = "zh-Hant" if rng.chance(0.5) else "en"
        elif region == "TW":
            brand, brand_py = rng.choice(TW_BRANDS)
            industry = rng.choice(["科技", "貿易", "鞋業", "國際"])
            rec["company"] = f"{brand}{industry}股份有限公司"
            rec["company_alt"] = f"{brand}{industry}"
            rec["company_domain"] = f"{brand_py}.com.tw"
            rec["job_lang"] = "zh-Hant"
        else:
            word = rng.choice(WEST_COMPANY_WORDS)
            fam = rec["family"].split(" ")[0]
            if region == "US":
                base, suffix = pick(rng, [((f"{word} Outfitters", "Inc."), 1),
                                          ((f"{fam} & Sons", "Inc."), 1),
                                          ((f"{word} Sports", "LLC"), 1)])
                tld = ".com"
            elif region == "GB":
                base, suffix = pick(rng, [((f"{fam} & Co", "Ltd"), 1), ((f"{word} Footwear", "Ltd"), 1),
                                          ((f"{word} Running", "Limited"), 1)])
                tld = ".co.uk"
            elif region == "DE":
                base, suffix = pick(rng, [((f"{fam} Schuhhandel", "GmbH"), 1),
                                          ((f"{word} Sport", "GmbH & Co. KG"), 1),
                                          ((f"Schuhhaus {fam}", "e.K."), 1)])
                tld = ".de"
            elif region == "FR":
                base, suffix = pick(rng, [((f"Maison {fam}", "SARL"), 1), ((f"{fam} et Fils", "SAS"), 1),
                                          ((f"Chaussures {fam}", "SARL"), 1)])
                tld = ".fr"
            else:
                base, suffix = pick(rng, [((f"Distribuciones {fam}", "S.L."), 1),
                                          ((f"Calzados {fam}", "S.A."), 1)])
                tld = ".es"
            rec["company"] = f"{base} {suffix}"
            rec["company_alt"] = base
            rec["company_domain"] = "-".join(mail_token(w, region == "DE")
                                             for w in base.split(" ") if mail_token(w)) + tld
            rec["job_lang"] = rec["lang"] if rng.chance(0.6) else "en"
        rec["job_title"] = rng.choice(JOB_TITLES[rec["job_lang"]])

    def new_segment(self, rng: Rng, rec: dict, age_days: int) -> str:
        if rec["kind"] == "company":
            seg = pick(rng, [("loyal", 35), ("occasional", 40), ("churned", 10), ("prospect", 15)])
        else:
            seg = pick(rng, [("prospect", 15), ("one_time", 25), ("occasional", 30),
                             ("loyal", 12), ("churned", 25 if age_days >= 450 else 0)])
        if seg == "churned" and age_days < 450:
            seg = "occasional"
        if seg == "loyal" and age_days < 90:
            seg = "occasional"
        return seg

    # ---- contacts -----------------------------------------------------------------------

    def mail_local(self, rng: Rng, rec: dict, work: bool = False, host: str = "") -> str:
        region = rec["region"]
        german = region == "DE"
        if region == "CN":
            fam, giv = mail_token(rec["family_latin"].lower()), mail_token(rec["given_latin"].lower())
            if work:
                return pick(rng, [(f"{fam}{giv}", 4), (f"{giv}.{fam}", 2), (f"{fam}.{giv}", 2),
                                  (f"{fam[:1]}{giv}", 1)])
            if host in ("qq.com", "foxmail.com") and rng.chance(0.65):
                return str(rng.between(10000, 3999999999))  # a QQ number
            year = str(rng.between(1965, 2005))
            return pick(rng, [(f"{fam}{giv}", 3), (f"{fam}{giv}{rng.between(1, 99)}", 4),
                              (f"{giv}.{fam}", 2), (f"{fam}.{giv}", 2), (f"{fam}{giv}{year}", 3),
                              (f"{giv}_{fam}", 1), (f"{fam[:1]}{giv}{rng.digits(3)}", 1)])
        if rec.get("english_name"):
            first = mail_token(rec["english_name"])
        else:
            first = mail_token(rec["given_latin"] if region in ("HK", "TW") else rec["given"], german)
        last = mail_token(rec["family_latin"] if region in ("HK", "TW") else rec["family"].split(" ")[0],
                          german)
        if work:
            return pick(rng, [(f"{first}.{last}", 5), (f"{first[:1]}{last}", 2), (f"{first}", 1)])
        return pick(rng, [(f"{first}.{last}", 5), (f"{first}{last}", 2), (f"{first[:1]}{last}", 2),
                          (f"{first}.{last}{rng.between(1, 99)}", 2), (f"{first}_{last}", 1),
                          (f"{last}.{first}", 1), (f"{first}{rng.between(70, 99)}", 1)])

    def new_contacts(self, rng: Rng, rec: dict) -> None:
        region, place = rec["region"], rec["place"]
        emails = []
        if rec["kind"] == "company":
            n_mail = pick(rng, [(0, 5), (1, 45), (2, 40), (3, 10)])
            domain = rec["company_domain"]
            candidates = [(self.mail_local(rng, rec, work=True), "work"),
                          (rng.choice(["purchasing", "info", "office", "orders", "caigou"
                                       if region == "CN" else "buying"]), "work"),
                          ("", "home")]
            for local, label in candidates[:n_mail]:
                if label == "home":
                    host = MAIL_DOMAINS[region].pick(rng)
                    local = self.mail_local(rng, rec, host=host)
                else:
                    host = domain
                emails.append({"address": f"{local}@{host}", "label": label})
        else:
            n_mail = pick(rng, [(0, 15), (1, 60), (2, 20), (3, 5)])
            used = set()
            hosts = []
            for j in range(n_mail):
                label = "home" if j == 0 and rng.chance(0.8) else rng.choice(["work", "home"])
                if label == "work":
                    pool = WORK_DOMAINS.get(region, WORK_DOMAINS["*"])
                    host = rng.choice(pool)
                else:
                    host = MAIL_DOMAINS[region].pick(rng)
                    if host in hosts:
                        host = MAIL_DOMAINS[region].pick(rng)
                hosts.append(host)
                address = f"{self.mail_local(rng, rec, work=label == 'work', host=host)}@{host}"
                if address.lower() in used:
                    continue
                used.add(address.lower())
                emails.append({"address": address, "label": label})
        for e in emails:
            if rng.chance(0.08):  # typed with capitals, as people do
                local, host = e["address"].split("@")
                e["address"] = ".".join(p[:1].upper() + p[1:] for p in local.split(".")) + "@" + host
        if emails:
            primary = 0 if rng.chance(0.85) else rng.below(len(emails))
            for j, e in enumerate(emails):
                e["primary"] = j == primary
        rec["emails"] = emails

        phones = []
        if rec["kind"] == "company":
            phones.append({**new_phone(rng, region, "landline", place), "label": "work"})
            if rng.chance(0.6):
                phones.append({**new_phone(rng, region, "mobile", place), "label": "mobile"})
        else:
            phones.append({**new_phone(rng, region, "mobile", place), "label": "mobile"})
            if rng.chance(0.18):
                if rng.chance(0.6):
                    phones.append({**new_phone(rng, region, "landline", place), "label": "home"})
                else:
                    phones.append({**new_phone(rng, region, "mobile", place), "label": "mobile"})
        for j, p in enumerate(phones):
            p["primary"] = j == 0
            p["text"] = format_phone(rng, p)
        rec["phones"] = phones

        n_addr = pick(rng, [(0, 15), (1, 75), (2, 10)])
        addresses = []
        for j in range(n_addr):
            label = ("work" if rec["kind"] == "company" else "home") if j == 0 else \
                rng.choice(["work", "shipping", "billing"])
            addresses.append(self.new_address(rng, rec, label))
        for j, a in enumerate(addresses):
            a["primary"] = j == 0
        rec["addresses"] = addresses

    def new_address(self, rng: Rng, rec: dict, label: str) -> dict:
        region, place = rec["region"], rec["place"]
        if region == "CN":
            city, province, _, districts, _ = place
            district, postcode = rng.choice(districts)
            road = rng.choice(CN_ROADS)
            direction = rng.choice(["东", "西", "南", "北", "中"]) if rng.chance(0.3) else ""
            road += direction + ("街" if rng.chance(0.2) else "路")
            street = f"{district}{road}{rng.between(1, 999)}号"
            if label == "work" or rec["kind"] == "company":
                street += f"{rng.choice(CN_TOWERS)}{rng.between(2, 38)}楼"
                if rng.chance(0.5):
                    street += f"{rng.between(1, 30):02d}室"
            else:
                form = rng.random()
                if form < 0.5:
                    street += f"{rng.choice(CN_COMPOUNDS)}{rng.between(1, 30)}栋" \
                              f"{rng.between(1, 4)}单元{rng.between(1, 33)}{rng.between(1, 6):02d}室"
                elif form < 0.8:
                    street += f"{rng.between(1, 20)}号楼{rng.between(1, 28)}{rng.between(1, 4):02d}"
            city_txt = city + ("市" if rng.chance(0.4) else "")
            region_txt = province + ("" if province in MUNICIPALITIES else
                                     ("省" if rng.chance(0.5) else ""))
            if province in MUNICIPALITIES and rng.chance(0.3):
                region_txt += "市"
            return {"label": label, "street": street, "city": city_txt, "region": region_txt,
                    "postcode": postcode, "country": "CN"}
        if region == "HK":
            d_zh, d_en, r_zh, r_en, roads = place
            road_zh, road_en = rng.choice(roads)
            num, floor, flat = rng.between(1, 700), rng.between(2, 45), rng.choice("ABCDEFGH")
            if rec["script"] == "hant" or rng.chance(0.3):
                return {"label": label, "street": f"{d_zh}{road_zh}{num}號{floor}樓{flat}室",
                        "city": "香港", "region": r_zh, "country": "HK"}
            return {"label": label, "street": f"Flat {flat}, {floor}/F, {num} {road_en}, {d_en}",
                    "city": "Hong Kong", "region": r_en, "country": "HK"}
        if region == "TW":
            city, district, postcode, roads, _ = place
            street = f"{district}{rng.choice(roads)}{rng.between(1, 300)}號"
            if rng.chance(0.7):
                street += f"{rng.between(2, 20)}樓"
                if rng.chance(0.3):
                    street += f"之{rng.between(1, 5)}"
            if rng.chance(0.3):
                city = city.replace("臺", "台")
            return {"label": label, "street": street, "city": city, "postcode": postcode,
                    "country": "TW"}
        if region == "US":
            city, state, (z_lo, z_hi), _, _ = place
            street = f"{rng.between(1, 4999)} {rng.choice(US_STREETS)}"
            if street.split(" ")[1] != "Broadway":
                street += " " + rng.choice(US_STREET_TYPES)
            if rng.chance(0.35):
                street += rng.choice([f", Apt {rng.between(1, 30)}{rng.choice('ABCDEF')}",
                                      f" #{rng.between(100, 2400)}", f", Suite {rng.between(1, 9)}00"])
            return {"label": label, "street": street, "city": city, "region": state,
                    "postcode": f"{rng.between(z_lo, z_hi):05d}", "country": "US"}
        if region == "GB":
            city, county, outwards, _ = place
            street = f"{rng.between(1, 250)} {rng.choice(GB_STREETS)} {rng.choice(GB_STREET_TYPES)}"
            if rng.chance(0.25):
                street = f"Flat {rng.between(1, 12)}, " + street
            postcode = f"{rng.choice(outwards)} {rng.between(1, 9)}" \
                       f"{rng.choice(GB_POSTCODE_LETTERS)}{rng.choice(GB_POSTCODE_LETTERS)}"
            a = {"label": label, "street": street, "city": city}
            if county:
                a["region"] = county
            a.update(postcode=postcode, country="GB")
            return a
        if region == "DE":
            city, land, (p_lo, p_hi), _, _ = place
            number = str(rng.between(1, 180)) + (rng.choice("abc") if rng.chance(0.1) else "")
            return {"label": label, "street": f"{rng.choice(DE_STREETS)} {number}", "city": city,
                    "region": land, "postcode": f"{rng.between(p_lo, p_hi):05d}", "country": "DE"}
        if region == "FR":
            city, reg, postcodes, _ = place
            number = str(rng.between(1, 160)) + (" bis" if rng.chance(0.07) else "")
            return {"label": label, "street": f"{number} {rng.choice(FR_STREETS)}", "city": city,
                    "region": reg, "postcode": rng.choice(postcodes), "country": "FR"}
        city, reg, (p_lo, p_hi), _ = place
        street = f"{rng.choice(ES_STREETS)}, {rng.between(1, 200)}"
        if rng.chance(0.6):
            street += f", {rng.between(1, 9)}º {rng.choice('ABCD')}"
        return {"label": label, "street": street, "city": city, "region": reg,
                "postcode": f"{rng.between(p_lo, p_hi):05d}", "country": "ES"}

    # ---- the rest of a profile ----------------------------------------------------------

    def new_profile(self, rng: Rng, rec: dict) -> None:
        region, person = rec["region"], rec["kind"] == "person"
        seg = rec["segment"]
        created = rec["created_at"]
        if person and rng.chance(0.70):
            age = pick(rng, [((18, 24), 15), ((25, 34), 32), ((35, 44), 25), ((45, 54), 15),
                             ((55, 64), 9), ((65, 80), 4)])
            hi = self.as_of_date.toordinal() - age[0] * 36524 // 100
            lo = self.as_of_date.toordinal() - (age[1] + 1) * 36524 // 100 + 1
            born = rng.between(lo, hi)
            rec["birthday"] = dt.date.fromordinal(born).isoformat()
            rec["age"] = (self.as_of_date.toordinal() - born) * 100 // 36524
        if person:
            r = rng.random()
            rec["gender"] = ("female" if rec["sex"] == "f" else "male") if r < 0.90 else \
                ("unspecified" if r < 0.995 else "other")
        rec["source"] = pick(rng, SOURCES["company" if not person else
                                         (region if region in SOURCES else "*")])
        # Owner: a sales person of the team that looks after that market.
        if rec["source"] == "web" and rng.chance(0.25) or rng.chance(0.10):
            rec["owner"] = ""
        elif region == "CN":
            south = rec["place"][4]
            rec["owner"] = "lin.yating" if south and rng.chance(0.7) else rng.choice(["li.na", "wang.qiang"])
        elif region in ("HK", "TW"):
            rec["owner"] = "lin.yating"
        else:
            lukas = region in ("DE", "FR", "GB")
            rec["owner"] = ("lukas.weber" if lukas else "sofia.garcia") if rng.chance(0.7) else \
                ("sofia.garcia" if lukas else "lukas.weber")
        tags = []
        if rng.chance(0.30):
            tags.append("newsletter")
        if seg == "loyal" and rng.chance(0.45) or seg == "occasional" and rng.chance(0.04):
            tags.append("vip")
        if not person and rng.chance(0.6):
            tags.append("wholesale")
        if not person and rng.chance(0.3):
            tags.append("corporate")
        if person and rec.get("age", 99) <= 24 and rng.chance(0.4):
            tags.append("student")
        if region == "CN" and seg in ("loyal", "churned") and rng.chance(0.15):
            tags.append("老客户")
        if person and rng.chance(0.01):
            tags.append("influencer")
        if rng.chance(0.005):
            tags.append("employee")
        rec["tags"] = tags
        level_p = {"prospect": 0.05, "one_time": 0.2, "occasional": 0.45, "loyal": 0.85,
                   "churned": 0.5}[seg]
        if person and rng.chance(level_p):
            if seg == "loyal":
                rec["membership_level"] = pick(rng, [("bronze", 15), ("silver", 30), ("gold", 35),
                                                     ("platinum", 20)])
            else:
                rec["membership_level"] = pick(rng, [("bronze", 55), ("silver", 30), ("gold", 12),
                                                     ("platinum", 3)])
        custom = {}
        if person and rng.chance(0.5):
            if rec["sex"] == "f":
                size = pick(rng, [(35, 5), (36, 15), (37, 25), (38, 25), (39, 18), (40, 9), (41, 3)])
            else:
                size = pick(rng, [(39, 4), (40, 10), (41, 18), (42, 24), (43, 20), (44, 13),
                                  (45, 7), (46, 4)])
            custom["shoe_size"] = size + 0.5 if rng.chance(0.06) else size
        if person and rng.chance(0.15):
            custom["clothing_size"] = pick(rng, [("XS", 5), ("S", 20), ("M", 35), ("L", 25),
                                                 ("XL", 12), ("XXL", 3)])
        if rng.chance(0.4):
            if region == "CN":
                pool = CN_STORES.get(rec["place"][0], []) + CN_STORES["*"]
            elif region == "HK":
                pool = HK_STORES
            elif region == "TW":
                pool = TW_STORES
            else:
                pool = WEST_STORES[region]
            custom["preferred_store"] = rng.choice(pool)
        if rng.chance(0.25):
            rec["preferred_language"] = LOCALE[region] if rng.chance(0.85) else "en"
        if region == "CN" and person and rng.chance(0.3):
            custom["wechat_id"] = "wxid_" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyz0123456789")
                                                    for _ in range(14)) \
                if rng.chance(0.5) else mail_token(rec["family_latin"].lower()
                                                   + rec["given_latin"].lower()) + rng.digits(4)
        if rec["source"] == "referral" and rng.chance(0.6):
            rec["wants_referrer"] = True
        if not person:
            if region == "CN":
                custom["tax_id"] = "91" + rec["place"][3][0][1][:2] + "0000" + \
                    "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
            elif region in ("DE", "FR", "ES"):
                prefix = {"DE": "DE", "FR": "FR", "ES": "ESB"}[region]
                custom["vat_id"] = prefix + rng.digits({"DE": 9, "FR": 11, "ES": 8}[region])
            if rng.chance(0.5):
                custom["payment_terms"] = rng.choice(["net 30", "net 60", "prepaid"])
        rec["custom"] = custom
        consent = {}
        if rng.chance(0.55):
            channels = ["email", "sms", "phone"] + (["wechat"] if region in ("CN", "HK") else [])
            for ch in channels:
                if rng.chance(0.55):
                    granted = rng.chance(0.85 if "newsletter" in tags and ch == "email" else 0.7)
                    c = {"status": "granted" if granted else "denied"}
                    if granted or rng.chance(0.6):
                        at = created + rng.below(max(1, min(30 * DAY, self.end - created)))
                        c["at"] = iso(at)
                        c["method"] = pick(rng, [("web form", 30), ("in-store form", 25),
                                                 ("WeChat mini program" if region == "CN" else "app", 15),
                                                 ("phone", 10), ("email link", 15), ("paper form", 5)])
                    consent[ch] = c
        rec["consent"] = consent
        if rng.chance(0.18):
            key = "company" if not person else rec["lang"] if rec["lang"] in CUSTOMER_NOTES else "en"
            note = rng.choice(CUSTOMER_NOTES[key])
            if rng.chance(0.2):
                note += "\n" + rng.choice(CUSTOMER_NOTES[key])
            rec["notes"] = note
        if rng.chance(0.3):
            rec["last_verified_at"] = iso(created + rng.below(max(1, self.end - created)))

    # ---- duplicates ---------------------------------------------------------------------

    def duplicate(self, rng: Rng, orig: dict) -> dict:
        """Another record of the same party, as a second sign-up or an import would make it."""
        rec = {k: v for k, v in orig.items() if k not in ("order", "external_id")}
        rec["emails"] = [dict(e) for e in orig["emails"]]
        rec["phones"] = [dict(p) for p in orig["phones"]]
        rec["addresses"] = [dict(a) for a in orig["addresses"]]
        rec["custom"] = {}
        rec["consent"] = {}
        rec["tags"] = [t for t in orig["tags"] if t in ("newsletter", "wholesale") and rng.chance(0.5)]
        for k in ("notes", "last_verified_at", "membership_level", "preferred_language", "wants_referrer"):
            rec.pop(k, None)
        rec["duplicate"] = True
        lo = orig["created_at"] + DAY
        rec["created_at"] = self.moment(rng, rec["region"], rec["offset"], "created", lo,
                                        self.end - 3600) if lo < self.end - 3600 else orig["created_at"] + 60
        rec["segment"] = pick(rng, [("prospect", 40), ("one_time", 35), ("occasional", 25)])
        if rng.chance(0.5):
            rec["source"] = pick(rng, SOURCES["company" if rec["kind"] == "company" else
                                             (rec["region"] if rec["region"] in SOURCES else "*")])
        if rng.chance(0.4):
            rec["owner"] = ""

        # Names.
        region = rec["region"]
        changes = []
        if rec["kind"] == "company":
            changes.append(pick(rng, [("company_alt", 50), ("company_branch", 15), ("none", 35)]))
        if region == "CN":
            changes.append(pick(rng, [("trad", 12), ("latin", 22), ("homophone", 22), ("swap", 8),
                                      ("none", 36)]))
        elif region in ("HK", "TW"):
            changes.append(pick(rng, [("simp", 20), ("relatin", 40), ("swap", 8), ("none", 32)]))
        else:
            nick = nickname_key(rec["given"]) in NICKNAMES
            folded = ascii_fold(rec["given"] + rec["family"]) != rec["given"] + rec["family"]
            changes.append(pick(rng, [("nickname", 35 if nick else 0), ("fold", 40 if folded else 0),
                                      ("typo", 25), ("swap", 8), ("upper", 8), ("none", 24)]))
        for change in changes:
            self.vary_name(rng, rec, change)

        # Contacts: reformatted, recased, or missing; one strong key kept most of the time.
        for p in rec["phones"]:
            p["text"] = format_phone(rng, p)
        if len(rec["phones"]) > 1 and rng.chance(0.5):
            rec["phones"] = [rec["phones"][rng.below(len(rec["phones"]))]]
        for e in rec["emails"]:
            local, host = e["address"].split("@")
            r = rng.random()
            if r < 0.25:
                e["address"] = local.upper() + "@" + host.upper() if rng.chance(0.3) else \
                    local.capitalize() + "@" + host
            elif r < 0.45 and host == "gmail.com":
                bare = local.replace(".", "")
                if rng.chance(0.5) or "." in local:
                    e["address"] = (bare if "." in local else
                                    ".".join(bare[i:i + 3] for i in range(0, len(bare), 3))) + "@" + host
                else:
                    e["address"] = f"{local}+{rng.choice(['shop', 'yunbu', 'promo'])}@{host}"
        if len(rec["emails"]) > 1 and rng.chance(0.5):
            rec["emails"] = [rec["emails"][rng.below(len(rec["emails"]))]]
        if rng.chance(0.15):
            host = MAIL_DOMAINS[region].pick(rng)
            rec["emails"] = [{"address": f"{self.mail_local(rng, rec, host=host)}@{host}",
                              "label": "home"}]
        drop = rng.random()
        if drop < 0.20 and rec["emails"]:
            rec["phones"] = []
        elif drop < 0.40 and rec["phones"]:
            rec["emails"] = []
        elif drop < 0.47:
            rec["phones"], rec["emails"] = [], []   # only name, birthday, address are left
        for group in (rec["emails"], rec["phones"]):
            for j, item in enumerate(group):
                item["primary"] = j == 0
        if rng.chance(0.4):
            rec["addresses"] = []
        elif rec["addresses"]:
            rec["addresses"] = [rec["addresses"][0]]
            a = rec["addresses"][0]
            if rng.chance(0.3):
                a.pop("postcode", None)
            if rng.chance(0.25):
                a["street"] = abbreviate_street(a["street"])
        if rng.chance(0.5):
            rec.pop("birthday", None)
        if rng.chance(0.3):
            rec.pop("gender", None)
        return rec

    def vary_name(self, rng: Rng, rec: dict, change: str) -> None:
        if change == "company_alt":
            rec["company"] = rec["company_alt"]
        elif change == "company_branch":
            rec["company"] += {"CN": "（浦东分公司）", "HK": " (Kowloon Branch)", "TW": "（台中分公司）"}.get(
                rec["region"], " - Branch Office")
        elif change == "trad":
            rec["family"], rec["given"] = rec["family_alt"], rec["given_alt"]
            rec["script"] = "hant"
        elif change == "simp" and rec["script"] == "hant":
            rec["family"], rec["given"] = rec["family_alt"], rec["given_alt"]
            rec["script"] = "hans"
        elif change == "latin":
            rec["family"], rec["given"] = rec["family_latin"], rec["given_latin"]
            rec["script"] = pick(rng, [("latin_western", 50), ("latin", 30), ("latin_upper", 20)])
        elif change in ("relatin", "simp"):
            if rec["script"] in ("latin", "english"):
                rec["script"] = "hant"
            else:
                rec["script"] = "latin"
        elif change == "homophone":
            given = "".join(CN_HOMOPHONES.get(ch, ch) if rng.chance(0.6) else ch for ch in rec["given"])
            if given == rec["given"] and rec["family"] in CN_HOMOPHONES:
                rec["family"] = CN_HOMOPHONES[rec["family"]]
            rec["given"] = given
        elif change == "swap":
            rec["swapped"] = True
        elif change == "nickname":
            rec["given"] = rng.choice(NICKNAMES[nickname_key(rec["given"])]).capitalize()
        elif change == "fold":
            german = rec["region"] == "DE" and rng.chance(0.6)
            rec["given"] = ascii_fold(rec["given"], german)
            rec["family"] = ascii_fold(rec["family"], german)
        elif change == "typo":
            target = "family" if rng.chance(0.6) else "given"
            rec[target] = typo(rng, rec[target])
        elif change == "upper":
            rec["family"] = rec["family"].upper()

    # ---- interactions -------------------------------------------------------------------

    def make_interactions(self, records: list) -> list:
        irng = Rng(self.seed, "interactions")
        weights = []
        for rec in records:
            seg = rec["segment"]
            lo, hi = rec["created_at"], self.end
            if seg == "churned":
                # Active for a while, then nothing for more than a year before as-of.
                last = self.end - 380 * DAY
                first_possible = lo + 30 * DAY
                hi = first_possible + irng.below(last - first_possible) if last > first_possible else last
                hi = max(hi, lo + 3600)
            elif seg == "occasional" and irng.chance(0.4):
                hi = lo + (hi - lo) * irng.between(25, 95) // 100    # drifting away
            rec["active_until"] = hi
            base = SEGMENT_WEIGHT[seg]
            if seg == "prospect" and irng.chance(0.3):
                base = 0
            spread = pick(irng, [(2, 30), (3, 35), (4, 20), (6, 10), (9, 5)])
            weight = base * spread
            if seg in ("occasional", "loyal", "churned"):
                # The longer someone is a customer, the more there is to record.
                weight = weight * (100 + 300 * (hi - lo) // (self.end - self.start)) // 100
            weights.append(weight)
        minimums = [SEGMENT_MIN[r["segment"]] for r in records]
        total_min = sum(minimums)
        if total_min > self.n_interactions:
            minimums = [0] * len(records)
            total_min = 0
        rest = self.n_interactions - total_min
        total_weight = sum(weights) or 1
        counts, remainders = [], []
        for i, w in enumerate(weights):
            counts.append(minimums[i] + rest * w // total_weight)
            remainders.append((-(rest * w % total_weight), i))
        missing = self.n_interactions - sum(counts)
        remainders.sort()
        for j in range(missing):
            counts[remainders[j % len(remainders)][1]] += 1

        events = []
        for i, rec in enumerate(records):
            events.extend(self.customer_interactions(irng, rec, i, counts[i]))
        events.sort(key=lambda e: (e["occurred_at"], e["_customer"], e["_seq"]))
        width = max(7, len(str(len(events))))
        ids = {}
        for n, e in enumerate(events):
            e["external_id"] = f"I{n + 1:0{width}d}"
            ids[(e["_customer"], e["_seq"])] = e["external_id"]
        for e in events:
            ref = e.pop("_refund_of", None)
            if ref is not None:
                e["custom"]["refund_of"] = ids[(e["_customer"], ref)]
        return events

    def customer_interactions(self, rng: Rng, rec: dict, index: int, count: int) -> list:
        if count == 0:
            return []
        seg = rec["segment"]
        region, offset = rec["region"], rec["offset"]
        lo, hi = rec["created_at"], rec["active_until"]
        if seg == "prospect":
            n_buy = 0
        elif seg == "one_time":
            n_buy = 1
        else:
            share = PURCHASE_SHARE[seg] * rng.between(50, 130) / 100
            n_buy = max(SEGMENT_MIN[seg] if seg != "churned" else 1, int(count * share + 0.5))
        n_buy = min(n_buy, count)
        currency = CURRENCY[region]
        level = pick(rng, [(0.6, 25), (1.0, 45), (1.6, 20), (2.5, 10)])
        if rec["kind"] == "company":
            level *= 6   # wholesale orders
        out = []
        seq = 0

        def add(kind, ts, **fields):
            nonlocal seq
            e = {"_customer": index, "_seq": seq, "kind": kind, "occurred_at": ts}
            e.update(fields)
            out.append(e)
            seq += 1
            return e

        purchases = []
        for j in range(n_buy):
            if j == 0 and rng.chance(0.6):
                ts = min(lo + rng.between(60, 1800), hi - 1)   # signed up at the till
            else:
                ts = self.moment(rng, region, offset, "buy", lo, hi)
            purchases.append(ts)
        purchases.sort()
        for ts in purchases:
            amount = self.price(rng, currency, level)
            channel = self.purchase_channel(rng, rec)
            custom = {"items": pick(rng, [(1, 55), (2, 25), (3, 10), (4, 5), (5, 3), (6, 2)])
                      if rec["kind"] == "person" else rng.between(12, 300)}
            if channel == "store" and rng.chance(0.5):
                custom["store"] = self.store_name(rng, rec)
            add("purchase", ts, channel=channel, direction="inbound", amount_minor=amount,
                currency=currency, custom=custom)

        remaining = count - n_buy
        # Refunds (a few per cent of purchases) and surveys after purchases.
        for p in list(out):
            if remaining <= 0:
                break
            if rng.chance(0.05):
                ts = p["occurred_at"] + rng.between(3600, 30 * DAY)
                if ts < hi:
                    full = rng.chance(0.6)
                    amount = p["amount_minor"] if full else \
                        max(100, (p["amount_minor"] * rng.between(10, 80) // 100) // 100 * 100)
                    add("refund", ts, channel=p["channel"], direction="inbound", amount_minor=-amount,
                        currency=currency, custom={}, _refund_of=p["_seq"],
                        subject=self.text(rng, rec, "refund")[0])
                    remaining -= 1
        for p in [e for e in out if e["kind"] == "purchase"]:
            if remaining <= 0:
                break
            if rng.chance(0.12):
                ts = p["occurred_at"] + rng.between(DAY, 7 * DAY)
                if ts < hi:
                    self.add_survey(rng, rec, add, ts)
                    remaining -= 1
        company = rec["kind"] == "company"
        mix = [("call", 18), ("email", 20), ("sms", 14), ("chat", 18), ("visit", 12 if not company else 4),
               ("meeting", 2 if not company else 18), ("complaint", 5), ("suggestion", 3),
               ("note", 4), ("survey", 3 if n_buy else 0)]
        for _ in range(remaining):
            kind = pick(rng, mix)
            if kind == "survey":
                self.add_survey(rng, rec, add, self.moment(rng, region, offset, "chat", lo, hi))
                continue
            purpose = {"visit": "visit", "chat": "chat", "sms": "chat", "note": "work"}.get(kind, "work")
            ts = self.moment(rng, region, offset, purpose, lo, hi)
            subject, body = self.text(rng, rec, kind)
            fields = {"subject": subject, "body": body, "custom": {}}
            if kind == "call":
                fields["channel"] = "phone"
                fields["direction"] = "outbound" if rng.chance(0.6) else "inbound"
                fields["custom"] = {"duration_s": 0 if body.startswith(("未接通", "No answer", "Nicht",
                                                                         "Pas de", "No contesta"))
                                    else rng.between(30, 900)}
            elif kind == "email":
                fields["channel"] = "email"
                fields["direction"] = "outbound" if rng.chance(0.65) else "inbound"
            elif kind == "sms":
                fields["channel"] = "sms"
                fields["direction"] = "outbound" if rng.chance(0.9) else "inbound"
            elif kind == "chat":
                fields["channel"] = self.chat_channel(rng, region)
                fields["direction"] = "inbound" if rng.chance(0.6) else "outbound"
            elif kind == "visit":
                fields["channel"] = "store"
                fields["direction"] = "inbound"
                if rng.chance(0.4):
                    fields["custom"] = {"store": self.store_name(rng, rec)}
            elif kind == "meeting":
                fields["channel"] = "in person" if rng.chance(0.6) else "video"
                fields["direction"] = "outbound"
            elif kind == "complaint":
                fields["channel"] = pick(rng, [("phone", 35), ("store", 20), ("email", 25),
                                               (self.chat_channel(rng, region), 20)])
                fields["direction"] = "inbound"
                age = self.end - ts
                if age < 3 * DAY:
                    status = pick(rng, [("open", 60), ("in_progress", 40)])
                elif age < 14 * DAY:
                    status = pick(rng, [("open", 25), ("in_progress", 40), ("resolved", 35)])
                elif age < 60 * DAY:
                    status = pick(rng, [("in_progress", 10), ("resolved", 50), ("closed", 40)])
                else:
                    status = pick(rng, [("open", 3), ("resolved", 25), ("closed", 72)])
                fields["complaint_status"] = status
                fields["due_at"] = ts + rng.between(3, 7) * DAY
            elif kind == "suggestion":
                fields["channel"] = pick(rng, [("store", 30), ("web", 30), ("email", 20),
                                               (self.chat_channel(rng, region), 20)])
                fields["direction"] = "inbound"
            elif kind == "note":
                fields["channel"] = "internal"
                fields["direction"] = "none"
            add(kind, ts, **fields)

        # Owners: the customer's own salesperson mostly, else someone of that team.
        team = TEAM_OF.get(rec["owner"]) if rec["owner"] else \
            ("east" if region == "CN" and not rec["place"][4] else
             "south" if region in CHINESE else "intl")
        members = TEAM_MEMBERS[team]
        for e in out:
            if e["kind"] == "sms" and e["direction"] == "outbound" and rng.chance(0.5):
                e["owner"] = MANAGER_OF[team]        # campaigns are sent by the team lead
            elif rec["owner"] and rng.chance(0.75):
                e["owner"] = rec["owner"]
            else:
                e["owner"] = rng.choice(members)
        return out

    def add_survey(self, rng: Rng, rec: dict, add, ts: int) -> None:
        csat = pick(rng, [(1, 4), (2, 6), (3, 15), (4, 35), (5, 40)])
        nps = max(0, min(10, csat * 2 + rng.between(-2, 1) + (1 if csat == 5 else 0)))
        which = rng.random()
        subject, body = self.text(rng, rec, "survey")
        fields = {"subject": subject, "body": body, "custom": {}}
        if which < 0.65:
            fields.update(csat=csat, nps=nps)
        elif which < 0.85:
            fields["csat"] = csat
        else:
            fields["nps"] = nps
        channel = pick(rng, [("email", 40), ("sms", 25), ("web", 15),
                             ("wechat" if rec["region"] == "CN" else "app", 20)])
        add("survey", ts, channel=channel, direction="inbound", **fields)

    def text(self, rng: Rng, rec: dict, kind: str):
        lang = rec.get("lang_mail") or rec["lang"]
        if kind == "refund":
            return {"zh-Hans": ("退货退款", ""), "zh-Hant": ("退貨退款", ""), "de": ("Rückerstattung", ""),
                    "fr": ("Remboursement", ""), "es": ("Reembolso", "")}.get(lang, ("Refund", ""))
        table = TEXTS[lang].get(kind) or TEXTS["en"][kind]
        return rng.choice(table)

    def chat_channel(self, rng: Rng, region: str) -> str:
        if region == "CN":
            return "wechat"
        if region == "HK":
            return "whatsapp" if rng.chance(0.6) else "wechat"
        if region == "TW":
            return "line"
        return "whatsapp" if rng.chance(0.4) else "web"

    def purchase_channel(self, rng: Rng, rec: dict) -> str:
        region = rec["region"]
        if rec["kind"] == "company":
            return pick(rng, [("phone", 30), ("email", 30), ("web", 25), ("store", 15)])
        if region == "CN":
            return pick(rng, [("store", 45), ("wechat", 30), ("web", 25)])
        if region == "HK":
            return pick(rng, [("store", 60), ("web", 40)])
        if region == "TW":
            return pick(rng, [("store", 55), ("web", 35), ("line", 10)])
        return pick(rng, [("store", 45), ("web", 55)])

    def store_name(self, rng: Rng, rec: dict) -> str:
        region = rec["region"]
        if region == "CN":
            pool = CN_STORES.get(rec["place"][0]) or CN_STORES["上海"]
        elif region == "HK":
            pool = HK_STORES[:4]
        elif region == "TW":
            pool = TW_STORES[:4]
        else:
            pool = WEST_STORES[region][:2]
        return rng.choice(pool)

    PRICE_BANDS = [(3, 15, 18), (15, 40, 30), (40, 100, 25), (100, 220, 15), (220, 600, 8),
                   (600, 1500, 3), (1500, 4000, 1)]

    def price(self, rng: Rng, currency: str, level: float) -> int:
        """Amount in minor units: heavy-tailed, and rounded like real price tags."""
        value = banded(rng, self.PRICE_BANDS) * level * PRICE_FACTOR[currency]
        if currency in ("CNY", "HKD", "TWD"):
            units = max(1, int(value))
            if units >= 20 and rng.chance(0.6):
                units = units // 10 * 10 + 9 if units % 10 else units - 1   # 299, 1299
            cents = 50 if currency == "CNY" and rng.chance(0.1) else 0
            return units * 100 + cents
        units = max(1, int(value))
        cents = pick(rng, [(99, 55), (0, 25), (50, 10), (95, 10)])
        return units * 100 + cents

    # ---- output -------------------------------------------------------------------------

    def customer_json(self, rec: dict) -> dict:
        region, script = rec["region"], rec["script"]
        fam, giv = rec["family"], rec["given"]
        swapped = rec.get("swapped", False)
        if script in ("hans", "hant"):
            display = fam + giv
        elif script == "english":
            giv = rec["english_name"]
            fam = rec["family_latin"]
            display = f"{giv} {fam}"
        elif script == "latin":
            fam, giv = rec["family_latin"], rec["given_latin"]
            if region == "HK":
                display = f"{fam} {giv}"
            elif region == "TW":
                display = f"{giv} {fam}"
            else:
                display = f"{fam} {giv}"
        elif script == "latin_western":
            display = f"{giv} {fam}"
        elif script == "latin_upper":
            fam = fam.upper()
            display = f"{fam} {giv}"
        else:
            display = f"{giv} {fam}"
        if swapped:
            fam, giv = giv, fam
            display = f"{fam}{giv}" if script in ("hans", "hant") else f"{giv} {fam}"
        out = {"external_id": rec["external_id"], "kind": rec["kind"]}
        if rec["kind"] == "company":
            out["display_name"] = rec["company"]
        else:
            out["display_name"] = display
        out["given_name"] = giv
        out["family_name"] = fam
        if rec["kind"] == "company":
            out["company_name"] = rec["company"]
            out["job_title"] = rec["job_title"]
        if rec["emails"]:
            out["emails"] = [{"address": e["address"], "label": e["label"], "primary": e["primary"]}
                             for e in rec["emails"]]
        if rec["phones"]:
            out["phones"] = [{"number": p["text"], "label": p["label"], "primary": p["primary"]}
                             for p in rec["phones"]]
        if rec["addresses"]:
            out["addresses"] = [dict(a) for a in rec["addresses"]]
        for key in ("birthday", "gender", "source"):
            if rec.get(key):
                out[key] = rec[key]
        if rec.get("owner"):
            out["owner"] = rec["owner"]
        if rec["tags"]:
            out["tags"] = rec["tags"]
        if rec.get("membership_level"):
            out["membership_level"] = rec["membership_level"]
        if rec.get("preferred_language"):
            out["preferred_language"] = rec["preferred_language"]
        if rec["custom"]:
            out["custom"] = rec["custom"]
        if rec["consent"]:
            out["consent"] = {ch: rec["consent"][ch] for ch in ("email", "sms", "phone", "wechat")
                              if ch in rec["consent"]}
        if rec.get("notes"):
            out["notes"] = rec["notes"]
        out["created_at"] = iso(rec["created_at"])
        if rec.get("last_verified_at"):
            out["last_verified_at"] = rec["last_verified_at"]
        return out

    @staticmethod
    def interaction_json(e: dict, customers: list) -> dict:
        out = {"external_id": e["external_id"],
               "customer_external_id": customers[e["_customer"]]["external_id"],
               "kind": e["kind"], "occurred_at": iso(e["occurred_at"]), "channel": e["channel"],
               "direction": e["direction"], "owner": e["owner"]}
        if "amount_minor" in e:
            out["amount_minor"] = e["amount_minor"]
            out["currency"] = e["currency"]
        for key in ("subject", "body"):
            if e.get(key):
                out[key] = e[key]
        for key in ("csat", "nps"):
            if key in e:
                out[key] = e[key]
        if e.get("custom"):
            out["custom"] = e["custom"]
        if "complaint_status" in e:
            out["complaint_status"] = e["complaint_status"]
            out["due_at"] = iso(e["due_at"])
        return out

    def users_json(self) -> list:
        out = []
        for i, (username, display, role, team) in enumerate(USERS):
            u = {"username": username, "display_name": display, "role": role}
            if team:
                u["team"] = team
            u["active"] = True
            u["created_at"] = iso(self.start - (90 - 7 * i) * DAY + 9 * 3600)
            out.append(u)
        return out


def abbreviate_street(street: str) -> str:
    """The same street written shorter, as on a second form."""
    for long, short in ((" Street", " St"), (" Road", " Rd"), (" Avenue", " Ave"),
                        ("straße", "str."), ("Straße", "Str."), ("Calle ", "C/ "),
                        ("boulevard", "bd"), ("avenue", "av."), ("单元", "-"), ("栋", "-")):
        if long in street:
            return street.replace(long, short)
    return street


def typo(rng: Rng, word: str) -> str:
    """One keyboard slip: a swapped pair, a dropped or a doubled letter."""
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 3:
        return word + word[-1:]
    i = letters[1 + rng.below(len(letters) - 2)]
    kind = rng.below(3)
    if kind == 0 and i + 1 < len(word) and word[i + 1].isalpha() and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_lines(path: str, lines) -> int:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Write deterministic, realistic sample data (users, customers, "
                    "interactions, duplicate truth) for clientele.")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--customers", type=int, default=5000,
                        help="number of customer records, duplicates included (default 5000)")
    parser.add_argument("--interactions", type=int, default=100000,
                        help="number of interactions (default 100000)")
    parser.add_argument("--as-of", default="2026-10-31",
                        help="the day the data ends: every record is before its 00:00 UTC "
                             "(default 2026-10-31); data starts three years earlier")
    parser.add_argument("--duplicate-rate", type=float, default=0.08,
                        help="share of customer records that repeat another one (default 0.08)")
    parser.add_argument("--out", default="sample-data", help="output folder (default ./sample-data)")
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    if args.interactions < 0:
        parser.error("--interactions must not be negative")
    if not 0 <= args.duplicate_rate < 1:
        parser.error("--duplicate-rate must be in [0, 1)")
    try:
        as_of = dt.date.fromisoformat(args.as_of)
    except ValueError:
        parser.error(f"--as-of: not a date YYYY-MM-DD: {args.as_of!r}")

    gen = Generator(args.seed, args.customers, args.interactions, as_of, args.duplicate_rate)
    customers, interactions = gen.run()
    os.makedirs(args.out, exist_ok=True)
    sizes = {}
    sizes["users.jsonl"] = write_lines(os.path.join(args.out, "users.jsonl"),
                                       (dump(u) for u in gen.users_json()))
    sizes["customers.jsonl"] = write_lines(os.path.join(args.out, "customers.jsonl"),
                                           (dump(gen.customer_json(c)) for c in customers))
    sizes["interactions.jsonl"] = write_lines(
        os.path.join(args.out, "interactions.jsonl"),
        (dump(Generator.interaction_json(e, customers)) for e in interactions))
    truth = sorted((c["external_id"], c["entity_id"]) for c in customers)
    sizes["truth.csv"] = write_lines(os.path.join(args.out, "truth.csv"),
                                     ["external_id,entity_id"] + [f"{a},{b}" for a, b in truth])
    for name, size in sizes.items():
        print(f"{os.path.join(args.out, name)}: {size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
