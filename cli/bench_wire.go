package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"

	gomysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/server"

	"github.com/blocksql/blocksql/consensus"
)

// The wire floor: the insert workload's clients (go-sql-driver, one
// connection each, interpolated parameters) talking to a MySQL-protocol
// server that does no SQL work at all. It takes each INSERT's text as it
// arrives and puts it on raw consensus (the consensus cells' node, whose
// NoopApplier applies nothing), alone (benchTargetWire) or through the
// same group commit blocksql uses (benchTargetWireGrouped, the node's own Grouper), and answers
// OK once its block is decided. No parse, no check beyond the protocol,
// no apply: what it reaches is what the wire and consensus together allow
// on this machine, the ceiling of any proxy in front of that consensus.
const (
	benchTargetWire        = "consensus-wire"
	benchTargetWireGrouped = "consensus-wire-grouped"
)

// runWireCells measures the floors names at every client count: one floor
// server in front of each node of cl, the clients spread over them as over
// blocksql's frontends. Every floor but benchTargetWire submits through
// the node's group commit.
func runWireCells(ctx context.Context, o benchOptions, cl *benchCluster, rep *benchReport, names ...string) error {
	for _, name := range names {
		var addrs []string
		var servers []*wireFloor
		var err error
		for _, n := range cl.nodes {
			submit := n.node.Submit
			if name != benchTargetWire {
				submit = n.node.SubmitGrouped
			}
			var srv *wireFloor
			if srv, err = startWireFloor(submit); err != nil {
				break
			}
			servers = append(servers, srv)
			addrs = append(addrs, srv.addr())
		}
		if err == nil {
			err = runWireTarget(ctx, o, name, addrs, rep, cl)
		}
		for _, srv := range servers {
			srv.close()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func runWireTarget(ctx context.Context, o benchOptions, name string, addrs []string, rep *benchReport, cl *benchCluster) error {
	t := &sqlTarget{name: name, driver: "mysql"}
	for _, a := range addrs {
		t.dsns = append(t.dsns, benchDSN("root", a, benchProxyDatabase))
	}
	for _, clients := range o.clients {
		fmt.Fprintf(o.progress, "  %-14s %-16s %4d clients ...\n", name, "insert", clients)
		pools, err := t.openPools(clients)
		if err != nil {
			return err
		}
		insert := benchWorkloads["insert"][0]
		cell, err := benchMeasureClients(ctx, pools, insert, insert.table, clients, o.duration, 0, benchCPU)
		benchClosePools(pools)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		c := cell.cell(name, "insert", clients)
		if err := cl.checkRows(ctx, &c); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		rep.add(c)
		if err := cl.health(); err != nil {
			return err
		}
	}
	return nil
}

// wireFloor is the listening floor server.
type wireFloor struct {
	ln     net.Listener
	submit consensus.SubmitFunc
	srv    *server.Server
	wg     sync.WaitGroup
	mu     sync.Mutex
	conns  map[net.Conn]struct{}
}

func startWireFloor(submit consensus.SubmitFunc) (*wireFloor, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	w := &wireFloor{ln: ln, submit: submit, conns: map[net.Conn]struct{}{},
		srv: server.NewServer("8.0.11", gomysql.DEFAULT_COLLATION_ID, gomysql.AUTH_NATIVE_PASSWORD, nil, nil)}
	w.wg.Go(w.accept)
	return w, nil
}

func (w *wireFloor) addr() string { return w.ln.Addr().String() }

func (w *wireFloor) accept() {
	for {
		c, err := w.ln.Accept()
		if err != nil {
			return
		}
		w.mu.Lock()
		w.conns[c] = struct{}{}
		w.mu.Unlock()
		w.wg.Go(func() { w.serve(c) })
	}
}

func (w *wireFloor) serve(c net.Conn) {
	defer func() {
		w.mu.Lock()
		delete(w.conns, c)
		w.mu.Unlock()
		c.Close()
	}()
	auth := server.NewInMemoryAuthenticationHandler(gomysql.AUTH_NATIVE_PASSWORD)
	if err := auth.AddUser("root", ""); err != nil {
		return
	}
	conn, err := w.srv.NewCustomizedConn(c, auth, &wireFloorHandler{submit: w.submit, client: c.RemoteAddr().String()})
	if err != nil {
		return
	}
	for !conn.Closed() {
		if err := conn.HandleCommand(); err != nil {
			return
		}
	}
}

func (w *wireFloor) close() {
	w.ln.Close()
	w.mu.Lock()
	for c := range w.conns {
		c.Close()
	}
	w.mu.Unlock()
	w.wg.Wait()
}

// wireFloorHandler answers every statement but an INSERT at once, and an
// INSERT once raw consensus decided it.
type wireFloorHandler struct {
	server.EmptyHandler
	submit consensus.SubmitFunc
	client string
}

func (h *wireFloorHandler) UseDB(string) error { return nil }

func (h *wireFloorHandler) HandleQuery(q string) (*gomysql.Result, error) {
	if !strings.HasPrefix(q, "INSERT") {
		return &gomysql.Result{}, nil
	}
	tx := &consensus.Tx{Database: benchProxyDatabase, User: "root", ClientAddr: h.client,
		Statements: []consensus.Statement{{SQL: q, Canonical: q}}}
	res, err := h.submit(context.Background(), tx)
	if err != nil {
		return nil, err
	}
	if !res.OK() {
		return nil, errors.New("the consensus floor's transaction failed")
	}
	return &gomysql.Result{AffectedRows: 1}, nil
}
