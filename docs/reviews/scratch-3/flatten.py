import json, sys
d = json.load(open(sys.argv[1]))
n = 0
def emit(section, text, cits):
    global n
    n += 1
    print(f"[{n}] {section}: {text}")
    for c in cits:
        print(f"      Q {c['source_id']} [{c['start']}:{c['end']}]: {c['quote']}")
def fig(f):
    s = f"{f['value']} {f['what']}: according to {f.get('attributed_to')} ({f['source_id']}"
    if f.get('as_of'): s += f", as_of={f['as_of']!r} basis={f.get('as_of_basis')} date={f.get('as_of_date')}"
    return s + ")"
emit("bottom_line", d['bottom_line'], d['bottom_line_citations'])
for k in d['key_points']: emit("key_point", k['text'], k['citations'])
for df in d['disputed_figures']:
    print(f"  -- dispute topic: {df['topic']} | note: {df.get('note')}")
    for c in df['claims']: emit("dispute_claim", fig(c), c['citations'])
for ft in d['figures_over_time']:
    print(f"  -- series: {json.dumps({k:v for k,v in ft.items() if k!='points'})}")
    for p in ft['points']: emit("series_point", json.dumps({k:v for k,v in p.items() if k!='citations'}, ensure_ascii=False), p['citations'])
for f in d['notable_figures']: emit("notable", fig(f), f['citations'])
for a in d['actors']: emit("actor", f"{a['name']} — role={a.get('role')}", a['citations'])
for t in d['timeline']: emit("timeline", f"{t['date']} (resolved {t.get('date_resolved')}, anchor {t.get('anchor')}) [{t['source_id']}]: {t['event']}", t['citations'])
srcs = {s['id']: s for s in d['sources']}
for s in d['source_summaries']:
    src = srcs[s['source_id']]
    emit("source_summary", f"{s['source_id']} title={s.get('title')!r} outlet={s.get('outlet')!r} published={src.get('published')!r} ({src.get('published_basis')}) :: {s['summary']}", s['citations'])
print("open_questions:", d.get('open_questions'))
