#!/usr/bin/env python3
"""Builds data/triage/training.jsonl from the procedure catalogue (data/procedures) and hand-written phrasings.
Deterministic (seed 4). Run from the repository root: python3 data/triage/make_training.py"""
import json, random, re, unicodedata

random.seed(4)
procs = json.load(open('data/procedures/land_procedures_dongnai_2025_summary.json', encoding='utf-8'))
aliases = {}
for line in open('data/procedures/aliases.tsv', encoding='utf-8'):
    if line.startswith('#') or not line.strip():
        continue
    code, short, phrases = line.rstrip('\n').split('\t')
    ps = []
    for p in phrases.split('|'):
        p = p.strip()
        if p.startswith('~'):
            p = p[1:]
        ps.append(p.replace(' + ', ' '))
    aliases[code] = (short, ps)

def fold(s):
    s = unicodedata.normalize('NFD', s.replace('đ', 'd').replace('Đ', 'D'))
    return ''.join(c for c in s if unicodedata.category(c) != 'Mn')

def paper(line):
    line = re.sub(r'^[-•*]\s*', '', line.strip())
    return re.sub(r'\s*\(.*$', '', line).strip()

prefixes = ['', 'Đề nghị ', 'Hồ sơ đề nghị ', 'Xin ', 'Công dân nộp hồ sơ ', 'Gia đình tôi muốn ', 'Yêu cầu ',
            'Làm thủ tục ', 'Ông Nguyễn Văn Hùng đề nghị ', 'Bà Trần Thị Lan nộp hồ sơ ', 'Công ty TNHH Minh Phát đề nghị ',
            'Hộ gia đình ông Lê Văn Tâm xin ', 'Nhờ cán bộ giải quyết ', 'Đăng ký ', 'Nộp hồ sơ về việc ']
suffixes = ['', '', ' thửa đất số 125 tờ bản đồ số 7', ' tại xã Thanh Trì', ' đối với nhà đất ở phường Cầu Giấy', ' cho mảnh đất của gia đình',
            ', hồ sơ nộp trực tuyến', ' theo quy định', ' diện tích 85 m2', ' ở thôn Đông, xã Ba Vì']

rows = []
for p in procs:
    code = p['procedure_code']
    name = p['name'].strip()
    short, phrases = aliases[code]
    docs = [paper(l) for l in p['required_documents'] if l.strip() and not l.strip().startswith(('#', '*'))]
    docs = [d for d in docs if d]
    base = [name, short] + phrases
    n = 22
    for i in range(n):
        phrase = base[i % len(base)] if i < len(base) else random.choice(base)
        text = random.choice(prefixes) + phrase[0].lower() + phrase[1:] + random.choice(suffixes)
        k = random.randint(0, len(docs))
        sub = random.sample(docs, k)
        if i % 3 == 1:
            text = fold(text)
            sub = [fold(d) for d in sub]
        rows.append({'procedureCode': code, 'description': text.strip(), 'documents': sub, 'group': f'{code}/t{i}'})

# hand-written everyday phrasings (data/triage/phrasings.tsv): each as written, once folded, and once in a frame
for line in open('data/triage/phrasings.tsv', encoding='utf-8'):
    if line.startswith('#') or not line.strip():
        continue
    code, text = line.rstrip('\n').split('\t')
    p = next(x for x in procs if x['procedure_code'] == code)
    docs = [d for d in (paper(l) for l in p['required_documents'] if l.strip() and not l.strip().startswith(('#', '*'))) if d]
    n_phr = sum(1 for r in rows if r['procedureCode'] == code and r['group'].startswith(code + '/p'))
    for variant in (text, fold(text), random.choice(prefixes) + text + random.choice(suffixes)):
        sub = random.sample(docs, random.randint(0, len(docs)))
        # the three variants of one phrasing share a group, so cross-validation keeps them in the same fold
        rows.append({'procedureCode': code, 'description': variant.strip(), 'documents': sub if variant != fold(text) else [fold(d) for d in sub], 'group': f'{code}/p{n_phr // 3}'})

with open('data/triage/training.jsonl', 'w', encoding='utf-8') as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print(len(rows), 'lines')
