"""The demo data: Jiaozuo (焦作市), Henan, spring 2020, after the seed report
(`seed/000_53ff2b132442bdb2.txt`, 焦作市住建局疫情防控和复工复产工作纪实).

What is real and what is not:

- City and district codes are the real GB/T 2260 codes.
- Sub-district names are real sub-districts of 解放区 and 山阳区, but their 9-digit
  statistical codes are approximations (numbered in order here, not looked up), and so
  are every community, compound and building code below them.
- 郝杰社区, 郝庄新村 and 康馨小区 are named in the report; which sub-district and community
  they belong to is assumed. Every other community, every other compound and all
  buildings are invented (`is_demo=True`).
- The people, enterprises and projects named in the report keep their names; everything
  about them that the report does not say is invented: identity numbers, phones, birth
  dates, departments of assignment, districts and addresses of projects, contract
  values, supervisors. Credit codes are synthetic (a plausible body plus a computed
  check character, see `ids.py`); nobody's real code is used. Names marked "invented"
  are made up.
"""

DEMO_PASSWORD = "fugong-demo-2020"  # noqa: S105 - published demo password, DEBUG only
DEMO_ACCOUNTS = ("admin", "leader", "quality", "district", "cadre", "worker", "enterprise")
TOTP_ACCOUNTS = ("admin", "leader")
TOTP_DEVICE_NAME = "demo authenticator"

# Short Chinese labels for the printed accounts table.
ROLE_LABELS = {
    "bureau_admin": "局管理员",
    "leader": "局领导",
    "department_officer": "站所科室",
    "district_officer": "区住建部门",
    "cadre": "下沉干部",
    "community_worker": "社区/街道工作人员",
    "enterprise_user": "企业用户",
}

# --- regions ---------------------------------------------------------------------------------

CITY = ("410800", "焦作市")

DISTRICTS = [
    ("410802", "解放区"),
    ("410803", "中站区"),
    ("410804", "马村区"),
    ("410811", "山阳区"),
    ("410821", "修武县"),
    ("410822", "博爱县"),
    ("410823", "武陟县"),
    ("410825", "温县"),
    ("410882", "沁阳市"),
    ("410883", "孟州市"),
]

# The 12 sub-districts the bureau's 39 cadres went to (seed: 12 个街道 23 个社区).
SUBDISTRICTS = [
    ("410802001", "民生街道"),
    ("410802002", "民主街道"),
    ("410802003", "新华街道"),
    ("410802004", "焦西街道"),
    ("410802005", "焦南街道"),
    ("410802006", "王褚街道"),
    ("410811001", "焦东街道"),
    ("410811002", "艺新街道"),
    ("410811003", "百间房街道"),
    ("410811004", "光亚街道"),
    ("410811005", "东方红街道"),
    ("410811006", "定和街道"),
]

# (code, name, is_demo): the 23 communities. Only 郝杰社区 is named in the report.
COMMUNITIES = [
    ("410802001001", "建设社区", True),
    ("410802001002", "胜利社区", True),
    ("410802002001", "民主南路社区", True),
    ("410802002002", "丰收社区", True),
    ("410802003001", "新华北社区", True),
    ("410802003002", "站前社区", True),
    ("410802004001", "焦西社区", True),
    ("410802004002", "普济社区", True),
    ("410802005001", "焦南社区", True),
    ("410802005002", "南通社区", True),
    ("410802006001", "王褚社区", True),
    ("410811001001", "焦东社区", True),
    ("410811001002", "塔南社区", True),
    ("410811002001", "艺新社区", True),
    ("410811002002", "文化社区", True),
    ("410811003001", "百间房社区", True),
    ("410811003002", "人民路社区", True),
    ("410811004001", "光亚社区", True),
    ("410811004002", "康乐社区", True),
    ("410811005001", "东方红社区", True),
    ("410811005002", "塔北社区", True),
    ("410811006001", "郝杰社区", False),
    ("410811006002", "定和社区", True),
]
COMMUNITY_CODES = {name: code for code, name, _ in COMMUNITIES}

# (code, name, has_property_management, is_demo). 郝庄新村: an old compound with neither
# property management nor a gate (seed); 康馨小区: "我们没有物业" (seed).
COMPOUNDS = [
    ("410811006001001", "郝庄新村", False, False),
    ("410811004002001", "康馨小区", False, False),
    ("410802001001001", "建设花园", True, True),
    ("410802001001002", "民生佳苑", True, True),
    ("410802003001001", "新华苑", True, True),
    ("410811001001001", "焦东雅居", True, True),
    ("410811002001001", "艺新名苑", True, True),
    ("410811002001002", "文昌花园", True, True),
    ("410811006002001", "定和家园", True, True),
]

# Buildings "1号楼".."N号楼" per compound (counts invented; the buildings are is_demo).
BUILDINGS = {
    "410811006001001": 6,  # 郝庄新村
    "410811004002001": 4,  # 康馨小区
}

# --- organisations ---------------------------------------------------------------------------

BUREAU = "焦作市住房和城乡建设局"
QUALITY = "质量监督站"
SAFETY = "安全监督站"
DUST = "扬尘治理办公室"
CONSTRUCTION = "建设管理科"
EPIDEMIC = "疫情防控专项工作领导小组"

BUREAU_ORG = {"name": BUREAU, "short_name": "焦作市住建局", "seat": "410800"}

# Bureau departments and stations: (name, short name, field).
DEPARTMENTS = [
    (QUALITY, "质监站", "quality"),
    (SAFETY, "安监站", "safety"),
    (DUST, "扬尘办", "dust"),
    (CONSTRUCTION, "建管科", "construction"),
    (EPIDEMIC, "专项工作领导小组", "epidemic"),
]

# One housing department per district, seated in it: "<district>住房和城乡建设局".
DISTRICT_DEPARTMENT_SUFFIX = "住房和城乡建设局"
JIEFANG_DEPARTMENT = "解放区住房和城乡建设局"

# (seat sub-district, name, short name)
SUBDISTRICT_OFFICES = [
    ("410802001", "解放区民生街道办事处", "民生街道办"),
]

CSCEC3 = "中国建筑第三工程局有限公司"
JZ_INVEST = "焦作市建设投资控股有限公司"
JF_DEVELOP = "焦作市解放区城市建设开发有限公司"
SY_DEVELOP = "焦作市山阳区城市建设开发有限公司"
HEXIANG = "焦作和祥置业有限公司"
TAIHANG = "河南太行路桥工程有限公司"
HUAICHUAN = "焦作怀川建设工程有限公司"
JIANCHENG = "焦作建诚工程监理有限公司"
ZHENGHENG = "焦作正衡工程项目管理有限公司"

# (name, short name, enterprise role, seat, credit-code body of 17 characters, is_demo).
# ALL CREDIT CODES ARE SYNTHETIC: the real codes of the two named companies are not
# known to us; the bodies are made up and `ids.credit_code` adds the check character.
ENTERPRISES = [
    (CSCEC3, "中建三局", "contractor", "410800", "91420000177682049", False),
    (JZ_INVEST, "焦作建投", "builder", "410800", "91410800068913527", False),
    (JF_DEVELOP, "解放城建", "builder", "410802", "91410802MA40R7K3X", True),
    (SY_DEVELOP, "山阳城建", "builder", "410811", "91410811MA44B2P6C", True),
    (HEXIANG, "和祥置业", "builder", "410802", "91410802MA45E8T1N", True),
    (TAIHANG, "太行路桥", "contractor", "410800", "91410800MA3X6L9D2", True),
    (HUAICHUAN, "怀川建设", "contractor", "410811", "91410811MA46H3W5F", True),
    (JIANCHENG, "建诚监理", "supervisor", "410800", "91410800MA47J2Q8G", True),
    (ZHENGHENG, "正衡项目管理", "supervisor", "410811", "91410811MA48K5U7R", True),
]

# --- people ----------------------------------------------------------------------------------
# Identity numbers: invented 17-digit bodies (4108xx region, birth date, sequence; the
# last digit is odd for men, even for women), check character computed. Phones invented
# (139 3910 xxxx). `scope` is a region code for region-bound roles, an organisation name
# for enterprise users.

# fmt: off
PEOPLE = [
    # 专项工作领导小组 (seed: set up on the first day of the new year).
    {"username": "admin", "full_name": "专项工作领导小组管理员", "organisation": BUREAU,
     "role": "bureau_admin", "scope": "410800", "id_body": "41080219800101001",
     "phone": "13939100001", "party": True},
    # 时任党组副书记、副局长 (seed).
    {"username": "leader", "full_name": "王胜利", "organisation": BUREAU, "role": "leader",
     "scope": "410800", "id_body": "41081119650412003", "phone": "13939100002", "party": True},
    # 局长 (seed).
    {"username": "sunjumei", "full_name": "孙菊梅", "organisation": BUREAU, "role": "leader",
     "scope": "410800", "id_body": "41080219660923004", "phone": "13939100003", "party": True},
    # 书记 (seed).
    {"username": "juxiaoliu", "full_name": "琚晓留", "organisation": BUREAU, "role": "leader",
     "scope": "410800", "id_body": "41082319640207005", "phone": "13939100004", "party": True},
    # 总工程师 (seed).
    {"username": "louqing", "full_name": "娄庆", "organisation": BUREAU, "role": "leader",
     "scope": "410800", "id_body": "41080319680815007", "phone": "13939100005", "party": False},
    # Invented: an officer of the quality station.
    {"username": "quality", "full_name": "秦建华", "organisation": QUALITY,
     "role": "department_officer", "scope": "410800", "id_body": "41080219790606009",
     "phone": "13939100011", "party": True},
    # Invented: an officer of the 解放区 housing department.
    {"username": "district", "full_name": "段志宏", "organisation": JIEFANG_DEPARTMENT,
     "role": "district_officer", "scope": "410802", "id_body": "41080219810221011",
     "phone": "13939100021", "party": False},
    # 质监站干部 and 安监站干部, the couple who guarded 郝庄新村 for 20 days (seed).
    {"username": "cadre", "full_name": "牛应君", "organisation": QUALITY, "role": "cadre",
     "scope": COMMUNITY_CODES["郝杰社区"], "id_body": "41081119720510002",
     "phone": "13939100101", "party": True},
    {"username": "heqingkun", "full_name": "贺卿坤", "organisation": SAFETY, "role": "cadre",
     "scope": COMMUNITY_CODES["郝杰社区"], "id_body": "41081119700318001",
     "phone": "13939100102", "party": True},
    # 安监站干部 (seed); his community is assumed.
    {"username": "lizhongjie", "full_name": "李中杰", "organisation": SAFETY, "role": "cadre",
     "scope": COMMUNITY_CODES["康乐社区"], "id_body": "41080219760902003",
     "phone": "13939100103", "party": True},
    # Wrote the first 请战书 (seed); department and community assumed.
    {"username": "mafucheng", "full_name": "马富成", "organisation": BUREAU, "role": "cadre",
     "scope": COMMUNITY_CODES["建设社区"], "id_body": "41080419820611005",
     "phone": "13939100104", "party": True},
    # 解放区民生街道办事处副书记 (seed).
    {"username": "worker", "full_name": "陈嘉予", "organisation": "解放区民生街道办事处",
     "role": "community_worker", "scope": "410802001", "id_body": "41080219830419006",
     "phone": "13939100201", "party": True},
    # 中建三局焦作东海大道项目指挥长 (seed).
    {"username": "enterprise", "full_name": "吴闯", "organisation": CSCEC3,
     "role": "enterprise_user", "scope": CSCEC3, "id_body": "41088219800805007",
     "phone": "13939100301", "party": False},
    # 焦作市建设投资控股有限公司总经理 (seed).
    {"username": "xulaibin", "full_name": "许来斌", "organisation": JZ_INVEST,
     "role": "enterprise_user", "scope": JZ_INVEST, "id_body": "41080219700126009",
     "phone": "13939100302", "party": False},
]
# fmt: on

# Invented cadres, all party members, so that 39 cadres cover the 23 communities (seed:
# 39 名党员干部). (username, full name, organisation, community, identity body, phone).
INVENTED_CADRES = [
    ("zhangjianguo", "张建国", QUALITY, "胜利社区", "41080219720315011", "13939100105"),
    ("lihongmei", "李红梅", SAFETY, "民主南路社区", "41081119780622012", "13939100106"),
    ("wangzhiqiang", "王志强", DUST, "丰收社区", "41080319750908013", "13939100107"),
    ("liuxiaoyan", "刘晓燕", CONSTRUCTION, "新华北社区", "41080419820114014", "13939100108"),
    ("chenlixin", "陈立新", BUREAU, "站前社区", "41081119690427015", "13939100109"),
    ("yanghaitao", "杨海涛", QUALITY, "焦西社区", "41080219810730017", "13939100110"),
    ("zhaolijuan", "赵丽娟", SAFETY, "普济社区", "41082119790211018", "13939100111"),
    ("huangweidong", "黄卫东", DUST, "焦南社区", "41080219700519019", "13939100112"),
    ("zhouzhenhua", "周振华", CONSTRUCTION, "南通社区", "41081119760803021", "13939100113"),
    ("wuxiulan", "吴秀兰", EPIDEMIC, "王褚社区", "41082219730926022", "13939100114"),
    ("xuwenbin", "徐文斌", QUALITY, "焦东社区", "41081119840305023", "13939100115"),
    ("sunguoqing", "孙国庆", SAFETY, "塔南社区", "41080219711001025", "13939100116"),
    ("huyuxia", "胡玉霞", BUREAU, "艺新社区", "41082319770718026", "13939100117"),
    ("zhuhongwei", "朱宏伟", DUST, "文化社区", "41081119830212027", "13939100118"),
    ("gaojianjun", "高建军", CONSTRUCTION, "百间房社区", "41080419740423029", "13939100119"),
    ("linjing", "林静", QUALITY, "人民路社区", "41080219860609030", "13939100120"),
    ("hechunsheng", "何春生", SAFETY, "光亚社区", "41082519680304031", "13939100121"),
    ("guoaihua", "郭爱华", EPIDEMIC, "东方红社区", "41081119720827032", "13939100122"),
    ("majunjie", "马俊杰", BUREAU, "塔北社区", "41088219850116033", "13939100123"),
    ("luoyonghong", "罗永红", CONSTRUCTION, "定和社区", "41080319790530035", "13939100124"),
    ("liangzhigang", "梁志刚", QUALITY, "建设社区", "41080219761112037", "13939100125"),
    ("songliping", "宋丽萍", SAFETY, "胜利社区", "41081119810403038", "13939100126"),
    ("zhengxuejun", "郑学军", DUST, "民主南路社区", "41088319730620039", "13939100127"),
    ("xieming", "谢明", CONSTRUCTION, "新华北社区", "41080219870925041", "13939100128"),
    ("handongmei", "韩冬梅", BUREAU, "焦西社区", "41081119801218042", "13939100129"),
    ("tangjianping", "唐建平", QUALITY, "焦南社区", "41080419670707043", "13939100130"),
    ("fengxiaodong", "冯晓东", SAFETY, "王褚社区", "41082119820301045", "13939100131"),
    ("yuhaiyan", "于海燕", EPIDEMIC, "焦东社区", "41080219780814046", "13939100132"),
    ("dongweihua", "董卫华", DUST, "艺新社区", "41081119750105047", "13939100133"),
    ("chenghong", "程红", CONSTRUCTION, "百间房社区", "41080319830921048", "13939100134"),
    ("caoyonggang", "曹永刚", QUALITY, "光亚社区", "41082219710226049", "13939100135"),
    ("yuanli", "袁丽", SAFETY, "康乐社区", "41081119880510050", "13939100136"),
    ("dengzhiyong", "邓志勇", BUREAU, "东方红社区", "41080219740318051", "13939100137"),
    ("xuwenjing", "许文静", EPIDEMIC, "定和社区", "41082319860701052", "13939100138"),
    ("fujianxin", "傅建新", CONSTRUCTION, "丰收社区", "41080419690912053", "13939100139"),
]

# --- projects --------------------------------------------------------------------------------
# All names are from the report (seed). Districts, addresses, city-key status (except
# 东海大道), the enterprises other than 中建三局 on 东海大道 and 焦作建投 as builder,
# contract values (万元) and responsible persons other than 吴闯 are INVENTED.

# fmt: off
PROJECTS = [
    {"name": "东海大道", "kind": "road", "is_city_key": True, "district": "410811",
     "address": "山阳区东海大道", "builder": JZ_INVEST, "contractor": CSCEC3,
     "supervisor": JIANCHENG, "contract_value": "120000.00",
     "responsible_person": "吴闯", "responsible_phone": "13939100301"},
    {"name": "新河商务中心", "kind": "building", "is_city_key": True, "district": "410802",
     "address": "解放区新河北岸", "builder": JF_DEVELOP, "contractor": HUAICHUAN,
     "supervisor": ZHENGHENG, "contract_value": "45000.00",
     "responsible_person": "陈永亮", "responsible_phone": "13939100311"},
    {"name": "中原路", "kind": "road", "is_city_key": True, "district": "410811",
     "address": "山阳区中原路", "builder": JZ_INVEST, "contractor": TAIHANG,
     "supervisor": JIANCHENG, "contract_value": "38000.00",
     "responsible_person": "周海军", "responsible_phone": "13939100312"},
    {"name": "普济河新月铁路至新河段", "kind": "river", "is_city_key": True,
     "district": "410802", "address": "解放区普济河(新月铁路至新河)", "builder": JZ_INVEST,
     "contractor": HUAICHUAN, "supervisor": ZHENGHENG, "contract_value": "26000.00",
     "responsible_person": "李文涛", "responsible_phone": "13939100313"},
    {"name": "李河跨人民路和丰收路桥梁", "kind": "bridge", "is_city_key": True,
     "district": "410811", "address": "山阳区李河与人民路、丰收路交叉处", "builder": JZ_INVEST,
     "contractor": TAIHANG, "supervisor": JIANCHENG, "contract_value": "8600.00",
     "responsible_person": "王建设", "responsible_phone": "13939100314"},
    {"name": "解放路15号", "kind": "building", "is_city_key": False, "district": "410802",
     "address": "解放区解放路15号", "builder": JF_DEVELOP, "contractor": HUAICHUAN,
     "supervisor": JIANCHENG, "contract_value": "12000.00",
     "responsible_person": "赵明辉", "responsible_phone": "13939100315"},
    {"name": "群英河桥", "kind": "bridge", "is_city_key": False, "district": "410804",
     "address": "马村区群英河", "builder": JZ_INVEST, "contractor": TAIHANG,
     "supervisor": ZHENGHENG, "contract_value": "5200.00",
     "responsible_person": "孙立国", "responsible_phone": "13939100316"},
    {"name": "瓮涧河桥", "kind": "bridge", "is_city_key": False, "district": "410803",
     "address": "中站区瓮涧河", "builder": JZ_INVEST, "contractor": TAIHANG,
     "supervisor": JIANCHENG, "contract_value": "4800.00",
     "responsible_person": "刘振宇", "responsible_phone": "13939100317"},
    {"name": "金沙社区", "kind": "shantytown", "is_city_key": False, "district": "410803",
     "address": "中站区金沙社区", "builder": JZ_INVEST, "contractor": HUAICHUAN,
     "supervisor": ZHENGHENG, "contract_value": "56000.00",
     "responsible_person": "郭志远", "responsible_phone": "13939100318"},
    {"name": "和悦小区", "kind": "shantytown", "is_city_key": False, "district": "410811",
     "address": "山阳区和悦小区", "builder": SY_DEVELOP, "contractor": HUAICHUAN,
     "supervisor": JIANCHENG, "contract_value": "42000.00",
     "responsible_person": "杨宏", "responsible_phone": "13939100319"},
    {"name": "和祥小区", "kind": "real_estate", "is_city_key": False, "district": "410802",
     "address": "解放区和祥小区", "builder": HEXIANG, "contractor": HUAICHUAN,
     "supervisor": ZHENGHENG, "contract_value": "35000.00",
     "responsible_person": "崔建华", "responsible_phone": "13939100320"},
]
# fmt: on
