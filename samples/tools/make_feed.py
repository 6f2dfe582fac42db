#!/usr/bin/env python3
"""Build samples/jsonl/feed.jsonl from the sources in samples/tools/feed-src/.

Python 3 standard library only. Run from anywhere:

    python3 samples/tools/make_feed.py

Each source file is either a plain-text body (*.txt.in, goes to the "text"
field) or a whole web page (*.html.in, goes to the "html" field). The sources
use a .in suffix so that a recursive ingest of samples/ does not pick them up
as separate articles. The output is deterministic.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "feed-src")
OUT = os.path.join(HERE, os.pardir, "jsonl", "feed.jsonl")

FEED = [
    {
        "id": "dagestan-derbent-makhachkala-attacks",
        "url": "https://caspianwire.example/russia/2024/06/24/dagestan-churches-synagogue-attacks",
        "title": "Gunmen kill police officers and priest in attacks on churches and synagogue in Dagestan",
        "published": "2024-06-24T08:15:00+03:00",
        "source": "Caspian Wire",
        "file": "dagestan-derbent-makhachkala-attacks.txt.in",
    },
    {
        "id": "zawahiri-killed-kabul-drone-strike",
        "url": "https://federaldesk.example/national-security/2022/08/02/zawahiri-killed-kabul-drone-strike",
        "title": "US drone strike in Kabul kills al-Qaeda leader Ayman al-Zawahiri",
        "published": "2022-08-02T07:05:00-04:00",
        "source": "Federal Desk",
        "file": "zawahiri-killed-kabul-drone-strike.html.in",
    },
    {
        "id": "palma-insurgent-attack-mozambique",
        "url": "https://sabulletin.example/mozambique/2021/03/29/palma-attack-islamic-state-claim",
        "title": "Islamic State claims Palma attack as Mozambique says dozens killed",
        "published": "2021-03-29T17:30:00+02:00",
        "source": "Southern Africa Bulletin",
        "file": "palma-insurgent-attack-mozambique.txt.in",
    },
    {
        "id": "borno-firewood-abductions-lake-chad-strikes",
        "url": "https://saharatimes.example/north-east/2024/07/08/ngala-women-abducted-firewood",
        "title": "Boko Haram abducts women gathering firewood near Ngala as air strikes hit ISWAP on Lake Chad",
        "published": "2024-07-08T16:00:00+01:00",
        "source": "Sahara Times",
        "file": "borno-firewood-abductions-lake-chad-strikes.html.in",
    },
    {
        "id": "oklahoma-election-day-plot-arrest",
        "url": "https://heartlandradio.example/2024/10/09/afghan-man-charged-election-day-isis-plot",
        "title": "Afghan man in Oklahoma charged with plotting Election Day attack for ISIS, Justice Department says",
        "published": "2024-10-09T10:00:00-05:00",
        "source": "Heartland Public Radio",
        "file": "oklahoma-election-day-plot-arrest.txt.in",
    },
    {
        "id": "luis-diaz-father-eln-kidnapping",
        "url": "https://andeanreport.example/colombia/2023/11/03/eln-admits-holding-luis-diaz-father",
        "title": "ELN rebels admit holding father of Liverpool forward Luis Díaz",
        "published": "2023-11-03T14:25:00-05:00",
        "source": "Andean Report",
        "file": "luis-diaz-father-eln-kidnapping.html.in",
    },
    {
        "id": "burkina-schools-health-centre-arson",
        "url": "https://sahelmonitor.example/burkina-faso/2024/02/13/gourma-schools-clinic-torched",
        "title": "Gunmen torch schools and clinic in eastern Burkina Faso",
        "published": "2024-02-13T18:40:00+00:00",
        "source": "Sahel Monitor",
        "file": "burkina-schools-health-centre-arson.txt.in",
    },
]


def main():
    lines = []
    for entry in FEED:
        path = os.path.join(SRC, entry["file"])
        with open(path, encoding="utf-8") as f:
            body = f.read()
        rec = {k: entry[k] for k in ("id", "url", "title", "published", "source")}
        if entry["file"].endswith(".html.in"):
            rec["html"] = body
        else:
            rec["text"] = body
        lines.append(json.dumps(rec, ensure_ascii=False))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(lines)} documents")


if __name__ == "__main__":
    main()
