# footer check: is every number and capitalised name in a model-worded statement present in its cited sentences?
import json,re,sys
for c in ["all-seeds","injection","quake-toll","transfer-fee","seed-004"]:
    d=json.load(open(f"/work/wt/review3/docs/reviews/scratch-3/briefings/{c}.json"))
    items=[("bottom",d['bottom_line'],d['bottom_line_citations'])]+[("kp",k['text'],k['citations']) for k in d['key_points']]+[("sum "+s['source_id'],s['summary'],s['citations']) for s in d['source_summaries']]+[("tl",t['event'],t['citations']) for t in d['timeline']]
    for kind,text,cits in items:
        q=" ".join(x['quote'] for x in cits)
        toks=re.findall(r"[€$]?\d[\d,.]*|\b[A-Z][\w’']+",text)
        miss=[t for i,t in enumerate(toks) if t not in q and t.rstrip("'s") not in q and not (i==0 and text.startswith(t) and t in ("The","A","North","Rielli"))]
        if miss: print(c,kind,miss)
