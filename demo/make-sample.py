#!/usr/bin/env python3
"""Build the small, self-contained SciFact demo data set in demo/.

Writes demo/scifact-sample.bulk.ndjson (an OpenSearch _bulk body of ~400 abstracts with their
all-MiniLM-L6-v2 vectors) and demo/queries.ndjson (5 test claims with vectors and the relevant
docs present in the sample). The full data lives in ../shared/data (beside the clone), which a
user's machine does not have, so a few MB of it are committed here instead.

Sample: every doc judged relevant (qrels/test.tsv) to the first 40 test queries, plus random
other abstracts (fixed seed) up to 400. Vectors are rounded to 5 decimals to keep the file small.
Deterministic; standard library only. Run from the repo root: python3 demo/make-sample.py
"""
import json, os, random, struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "..", "shared", "data", "scifact")
VEC = os.path.join(SRC, "vectors-all-minilm-l6-v2")
OUT = os.path.join(ROOT, "demo")
N_QUERIES, N_DOCS, N_DEMO_QUERIES, SEED, DECIMALS = 40, 400, 5, 42, 5


def read_fvecs(path):
    """texmex layout: per row an int32 LE dimension, then that many float32 LE."""
    rows = []
    with open(path, "rb") as f:
        while head := f.read(4):
            (dim,) = struct.unpack("<i", head)
            rows.append(struct.unpack(f"<{dim}f", f.read(4 * dim)))
    return rows


def read_ids(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def rounded(vec):
    return [round(x, DECIMALS) for x in vec]


corpus = {}
with open(os.path.join(SRC, "beir", "corpus.jsonl"), encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        corpus[d["_id"]] = d
queries = {}
with open(os.path.join(SRC, "beir", "queries.jsonl"), encoding="utf-8") as f:
    for line in f:
        q = json.loads(line)
        queries[q["_id"]] = q["text"]
qrels = {}
with open(os.path.join(SRC, "beir", "qrels", "test.tsv")) as f:
    next(f)  # header
    for line in f:
        qid, docid, score = line.split("\t")
        if int(score) > 0:
            qrels.setdefault(qid, []).append(docid)

doc_ids = read_ids(os.path.join(VEC, "corpus.ids.txt"))
doc_vecs = dict(zip(doc_ids, read_fvecs(os.path.join(VEC, "corpus.fvecs"))))
query_ids = read_ids(os.path.join(VEC, "test_queries.ids.txt"))
query_vecs = dict(zip(query_ids, read_fvecs(os.path.join(VEC, "test_queries.fvecs"))))

# Relevant docs of the first test queries (in vector-file order), then random fill.
chosen_queries = [q for q in query_ids if q in qrels][:N_QUERIES]
sample = {d for q in chosen_queries for d in qrels[q]}
others = [d for d in doc_ids if d not in sample]
sample |= set(random.Random(SEED).sample(others, N_DOCS - len(sample)))

with open(os.path.join(OUT, "scifact-sample.bulk.ndjson"), "w", encoding="utf-8") as f:
    for docid in doc_ids:  # corpus row order
        if docid in sample:
            d = corpus[docid]
            f.write(json.dumps({"index": {"_id": docid}}) + "\n")
            f.write(json.dumps({"title": d["title"], "text": d["text"],
                                "embedding": rounded(doc_vecs[docid])}, ensure_ascii=False) + "\n")

with open(os.path.join(OUT, "queries.ndjson"), "w", encoding="utf-8") as f:
    for qid in chosen_queries[:N_DEMO_QUERIES]:
        f.write(json.dumps({"id": qid, "text": queries[qid], "vector": rounded(query_vecs[qid]),
                            "relevant": [d for d in qrels[qid] if d in sample]}, ensure_ascii=False) + "\n")

print(f"{len(sample)} docs, {N_DEMO_QUERIES} queries written to {OUT}")
