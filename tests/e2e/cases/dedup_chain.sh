# winnow dedup on a chain A~B~...~G of texts where only neighbours are
# similar (Jaccard 0.86; two apart 0.73; the ends 0.33). The default rule
# keeps the ends apart: every member is above the threshold to its kept
# document. --cluster=connected chains them all into one cluster.
in="$DATA/dedup/chain.jsonl"
common="--keep first --verify exact --bands 32 --rows 4 -q"
expect_exit 0 "$WINNOW" dedup "$in" $common -o rep.jsonl --clusters rep-clusters.jsonl
golden dedup_chain_representative.jsonl rep-clusters.jsonl
[ "$(wc -l < rep.jsonl)" = 4 ] || fail "representative: want 4 kept (A, C, E, G)"
grep -q '"id":"G"' rep.jsonl || fail "G, the far end, must be kept"
expect_exit 0 "$WINNOW" dedup "$in" $common --cluster connected -o conn.jsonl \
  --clusters conn-clusters.jsonl
golden dedup_chain_connected.jsonl conn-clusters.jsonl
[ "$(wc -l < conn.jsonl)" = 1 ] || fail "connected: want the whole chain in one cluster"
