package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/proxy"
	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/replay"
)

// benchTopology is the shape of the network a benchmark starts on
// 127.0.0.1. Everything else (starting the nodes, spreading clients over
// their frontends, stopping them) is shared, so a four-validator network
// is one more implementation of initHomes.
type benchTopology interface {
	Name() string
	// initHomes creates fresh node homes under dir, each ready for
	// consensus.NewNode and listening for P2P on a free loopback port.
	initHomes(dir string) ([]string, error)
}

// singleValidator is the embedded default: one node that is the only
// validator and the only authorized submitter.
type singleValidator struct{}

func (singleValidator) Name() string { return "single-validator" }

func (singleValidator) initHomes(dir string) ([]string, error) {
	home := filepath.Join(dir, "node0")
	p2p, err := freeLoopbackAddrs(1)
	if err != nil {
		return nil, err
	}
	if err := consensus.Init(home, consensus.InitOptions{P2PListen: "tcp://" + p2p[0]}); err != nil {
		return nil, fmt.Errorf("init bench node: %w", err)
	}
	return []string{home}, nil
}

// validatorNetwork is n validators, each a node of the same chain with
// every other as a persistent peer; clients spread over their frontends.
// The blocksql cells run them as separate `blocksql start` processes
// (bench_processes.go) unless inProcess; raw consensus always runs them in
// the bench process, since its clients call Submit directly.
type validatorNetwork struct {
	n         int
	inProcess bool
}

func (v validatorNetwork) Name() string {
	if v.inProcess {
		return fmt.Sprintf("%d-validators (in-process)", v.n)
	}
	return fmt.Sprintf("%d-validators", v.n)
}

func (v validatorNetwork) initHomes(dir string) ([]string, error) {
	addrs, err := freeLoopbackAddrs(v.n)
	if err != nil {
		return nil, err
	}
	nodes := make([]consensus.NetworkNode, v.n)
	homes := make([]string, v.n)
	for i := range nodes {
		homes[i] = filepath.Join(dir, fmt.Sprintf("node%d", i))
		nodes[i] = consensus.NetworkNode{Home: homes[i], Moniker: fmt.Sprintf("node%d", i),
			P2PListen: "tcp://" + addrs[i], Validator: true}
	}
	if err := consensus.InitNetwork(nodes, consensus.InitOptions{}); err != nil {
		return nil, fmt.Errorf("init bench network: %w", err)
	}
	return homes, nil
}

// benchCluster is the running nodes of a topology.
type benchCluster struct {
	homes      []string
	nodes      []*benchNode
	mysqlAddrs []string // one per node; empty for a consensus-only cluster
}

// benchApplier is what the nodes of a bench cluster apply blocks with.
type benchApplier int

const (
	benchApplyEngine benchApplier = iota // the apply engine, serving a MySQL frontend
	benchApplyNoop                       // consensus.NoopApplier: raw consensus
	benchApplyRows                       // wireRowsApplier: the wire floor with the disk
)

// startBenchCluster starts every node of topo in this process, applying
// with apply. Only engine nodes serve a MySQL frontend, each on the local
// database be gives it.
func startBenchCluster(ctx context.Context, topo benchTopology, dir string, be *benchBackend, apply benchApplier, log *slog.Logger, opts ...consensus.NodeOption) (*benchCluster, error) {
	homes, err := topo.initHomes(dir)
	if err != nil {
		return nil, err
	}
	cl := &benchCluster{homes: homes}
	for i, home := range homes {
		var db *DatabaseConfig
		var rows *wireRowsApplier
		switch apply {
		case benchApplyEngine:
			c := be.nodeDatabase(i)
			db = &c
		case benchApplyRows:
			if rows, err = openWireRowsApplier(ctx, home); err != nil {
				cl.stop()
				return nil, err
			}
		}
		n, err := startBenchNode(ctx, home, db, rows, log, opts...)
		if err != nil {
			cl.stop()
			return nil, fmt.Errorf("start bench node %d: %w", i, err)
		}
		cl.nodes = append(cl.nodes, n)
		if n.addr != "" {
			cl.mysqlAddrs = append(cl.mysqlAddrs, n.addr)
		}
	}
	if err := cl.waitConnected(ctx); err != nil {
		cl.stop()
		return nil, err
	}
	return cl, nil
}

// benchConnectTimeout bounds how long the nodes of a network may take to
// dial each other before the first cell.
const benchConnectTimeout = time.Minute

// waitConnected waits until every node is connected to every other, so
// the first cell does not measure the nodes finding each other.
func (c *benchCluster) waitConnected(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, benchConnectTimeout)
	defer cancel()
	for _, n := range c.nodes {
		for n.node.Peers() < len(c.nodes)-1 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("bench nodes not connected to each other after %s", benchConnectTimeout)
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	return nil
}

func (c *benchCluster) stop() {
	for _, n := range c.nodes {
		n.stop()
	}
	c.nodes = nil
}

// health reports why a node halted, if one did: its figures would be
// meaningless from then on.
func (c *benchCluster) health() error {
	for i, n := range c.nodes {
		if err := n.app.Err(); err != nil {
			return fmt.Errorf("bench node %d halted: %w", i, err)
		}
	}
	return nil
}

// benchNode is one node started the way `blocksql start` wires it, but
// returning handles instead of blocking, with its frontend on a free port.
type benchNode struct {
	app     *consensus.App
	node    *consensus.Node
	engine  *replay.Engine // nil on a consensus-only node
	rows    *wireRowsApplier
	addr    string // MySQL frontend address; "" without one
	cancel  context.CancelFunc
	served  chan error
	stopped bool
}

// startBenchNode starts the node in home. A nil db starts consensus alone,
// applying with rows if it is not nil (the node closes it), else with a
// NoopApplier.
func startBenchNode(ctx context.Context, home string, db *DatabaseConfig, rows *wireRowsApplier, log *slog.Logger, opts ...consensus.NodeOption) (*benchNode, error) {
	n := &benchNode{rows: rows}
	var applier consensus.Applier = &consensus.NoopApplier{}
	if rows != nil {
		applier = rows
	}
	if db != nil {
		e, err := openEngine(ctx, home, *db, log)
		if err != nil {
			return nil, err
		}
		n.engine, applier = e, e
	}
	n.app = consensus.NewApp(applier, log)
	node, err := consensus.NewNode(home, n.app, log, opts...)
	if err != nil {
		n.closeEngine()
		return nil, err
	}
	if err := node.Start(ctx); err != nil {
		n.closeEngine()
		return nil, fmt.Errorf("start consensus: %w", err)
	}
	n.node = node
	if n.engine == nil {
		return n, nil
	}
	if err := n.serve(ctx, log); err != nil {
		n.stop()
		return nil, err
	}
	return n, nil
}

// serve starts the MySQL frontend on a free loopback port.
func (n *benchNode) serve(ctx context.Context, log *slog.Logger) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench frontend: %w", err)
	}
	srv, err := mysqlfront.New(mysqlfront.Config{Users: map[string]string{"root": ""}}, func(c proxy.Client) *proxy.Session {
		return proxy.NewSession(n.node, n.engine, c)
	}, log)
	if err != nil {
		ln.Close()
		return err
	}
	ctx, n.cancel = context.WithCancel(ctx)
	n.served = make(chan error, 1)
	n.addr = ln.Addr().String()
	go func() { n.served <- srv.Serve(ctx, ln) }()
	return nil
}

// stop closes the frontend, then consensus, then the local database.
func (n *benchNode) stop() {
	if n.stopped {
		return
	}
	n.stopped = true
	if n.cancel != nil {
		n.cancel()
		if err := <-n.served; err != nil && !errors.Is(err, context.Canceled) {
			slog.Warn("bench frontend", "err", err)
		}
	}
	if n.node != nil {
		if err := n.node.Stop(); err != nil {
			slog.Warn("bench node stop", "err", err)
		}
	}
	n.closeEngine()
}

func (n *benchNode) closeEngine() {
	if n.engine != nil {
		n.engine.Driver().Close()
	}
	if n.rows != nil {
		n.rows.Close()
	}
}
