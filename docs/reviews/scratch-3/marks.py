# (statement number in <case>.flat.txt, section, mark, false_of_article)
# mark X = shown line that asserts nothing ("(no summary passed the support check)"); not counted
import re, os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
M = {
 "all-seeds": [
  (1,"bottom line","S",None),
  (2,"key points","S",None),(3,"key points","S",None),
  (4,"disputed claims","S",None),(5,"disputed claims","P",True),
  (6,"disputed claims","S",None),(7,"disputed claims","S",None),
  (8,"disputed claims","S",None),(9,"disputed claims","S",None),(10,"disputed claims","S",None),
  (11,"disputed claims","S",None),(12,"disputed claims","S",None),
  (13,"notable figures","S",None),(14,"notable figures","S",None),(15,"notable figures","S",None),(16,"notable figures","S",None),
  (17,"actors","S",None),(18,"actors","S",None),(19,"actors","S",None),
  (20,"source summaries","X",None),(21,"source summaries","X",None),
  (22,"source summaries","S",None),(23,"source summaries","P",False),(24,"source summaries","S",None),
 ],
 "quake-toll": [
  (1,"bottom line","S",None),
  (2,"key points","S",None),
  (3,"disputed claims","S",None),(4,"disputed claims","S",None),(5,"disputed claims","S",None),(6,"disputed claims","S",None),
  (7,"figures over time","S",None),(8,"figures over time","S",None),(9,"figures over time","S",None),
  (10,"figures over time","S",None),(11,"figures over time","S",None),(12,"figures over time","S",None),
  (13,"actors","S",None),(14,"actors","P",False),(15,"actors","S",None),(16,"actors","S",None),(17,"actors","S",None),
  (18,"source summaries","S",None),(19,"source summaries","S",None),(20,"source summaries","S",None),
 ],
 "injection.b4b364a": [  # superseded build at b4b364a; not in totals
  (1,"bottom line","S",None),
  (2,"key points","S",None),
  (3,"disputed claims","S",None),(4,"disputed claims","S",None),(5,"disputed claims","S",None),(6,"disputed claims","P",True),
  (7,"notable figures","S",None),
  (8,"actors","S",None),(9,"actors","S",None),(10,"actors","S",None),
  (11,"source summaries","S",None),(12,"source summaries","S",None),
 ],
}
more = os.path.join(HERE, "marks_more.py")
if os.path.exists(more):
    exec(open(more).read())
ORDER=["bottom line","key points","disputed claims","figures over time","notable figures","actors","timeline","source summaries"]
REQUIRED=["all-seeds","transfer-fee","quake-toll","injection"]
out=[]
G={"n":0,"S":0,"P":0,"U":0,"F":0}
summary=[]
for case in REQUIRED+["seed-004","injection.b4b364a"]:
    if case not in M:
        out.append(f"\n### {case}\n\n(not built)"); continue
    rows=M[case]
    flat=open(os.path.join(HERE,f"{case}.flat.txt")).read()
    nstat=len(re.findall(r"^\[\d+\] ",flat,re.M))
    assert nstat==len(rows),(case,nstat,len(rows))
    assert [r[0] for r in rows]==list(range(1,nstat+1))
    for r in rows:
        assert r[2] in "SPUX" and ((r[2] in "PU")==(r[3] is not None)), r
    rows=[r for r in rows if r[2]!="X"]
    out.append(f"\n### {case}\n\n| section | statements | S | P | U | P/U false of the article |\n|---|---|---|---|---|---|")
    T={"n":0,"S":0,"P":0,"U":0,"F":0}
    for sec in ORDER:
        rs=[r for r in rows if r[1]==sec]
        c={"n":len(rs),"S":sum(r[2]=="S" for r in rs),"P":sum(r[2]=="P" for r in rs),"U":sum(r[2]=="U" for r in rs),"F":sum(bool(r[3]) for r in rs)}
        for k in T:T[k]+=c[k]
        out.append(f"| {sec} | {c['n']} | {c['S']} | {c['P']} | {c['U']} | {c['F']} |")
    out.append(f"| **total** | **{T['n']}** | **{T['S']}** | **{T['P']}** | **{T['U']}** | **{T['F']}** |")
    out.append(f"\nShare S: {T['S']}/{T['n']} = {100*T['S']/T['n']:.1f}%")
    summary.append((case,T))
    if case in REQUIRED:
        for k in G:G[k]+=T[k]
print("| briefing | statements | S | P | U | P/U false of article | share S |\n|---|---|---|---|---|---|---|")
for case,T in summary:
    print(f"| {case} | {T['n']} | {T['S']} | {T['P']} | {T['U']} | {T['F']} | {100*T['S']/T['n']:.1f}% |")
print(f"| **required ({', '.join(c for c,_ in summary if c in REQUIRED)})** | **{G['n']}** | **{G['S']}** | **{G['P']}** | **{G['U']}** | **{G['F']}** | **{100*G['S']/max(G['n'],1):.1f}%** |")
print("\n".join(out))
