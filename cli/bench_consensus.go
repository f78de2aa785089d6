package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/blocksql/blocksql/consensus"
)

// benchConsensusWorkload names the consensus cells: Submit of a
// transaction shaped like the insert workload's, applied by a NoopApplier.
const benchConsensusWorkload = "submit"

// runConsensusCells measures raw consensus at every client count: N
// goroutines each Submit one transaction at a time, spread over the nodes.
// It is the ceiling blocksql's write throughput is compared with.
func runConsensusCells(ctx context.Context, o benchOptions, cl *benchCluster, rep *benchReport) error {
	for _, clients := range o.clients {
		fmt.Fprintf(o.progress, "  %-14s %-16s %4d clients ...\n", benchTargetConsensus, benchConsensusWorkload, clients)
		ops := make([]benchOp, clients)
		for i := range ops {
			node := cl.nodes[i%len(cl.nodes)].node
			rng := rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))
			ops[i] = func(ctx context.Context) (int, error) { return 1, benchSubmit(ctx, node, rng) }
		}
		rep.add(benchMeasure(ctx, ops, o.duration, benchCPU).cell(benchTargetConsensus, benchConsensusWorkload, clients))
		if err := cl.health(); err != nil {
			return err
		}
	}
	return nil
}

func benchSubmit(ctx context.Context, n *consensus.Node, rng *rand.Rand) error {
	res, err := n.Submit(ctx, benchSubmitTx(rng))
	if err != nil {
		return err
	}
	if !res.OK() {
		return fmt.Errorf("statement %d of a consensus transaction failed", res.Failed)
	}
	return nil
}

// benchSubmitTx is the chain transaction the proxy makes of the insert
// workload's statement.
func benchSubmitTx(rng *rand.Rand) *consensus.Tx {
	row := benchRow(rng)
	q := fmt.Sprintf(benchInsertSQL, "items_insert")
	return &consensus.Tx{
		Database:   benchProxyDatabase,
		User:       "root",
		ClientAddr: "127.0.0.1:40000",
		Statements: []consensus.Statement{{
			SQL:       q,
			Canonical: fmt.Sprintf(benchInsertSQL, "`items_insert`"),
			Params: []consensus.Value{
				{Kind: consensus.KindInt, Int: int64(row[0].(int))},
				{Kind: consensus.KindString, Bytes: []byte(row[1].(string))},
				{Kind: consensus.KindString, Bytes: []byte(row[2].(string))},
			},
		}},
	}
}
