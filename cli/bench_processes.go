package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/blocksql/blocksql/consensus"
)

// processCluster is a network whose nodes run as separate `blocksql start`
// processes, as on real machines: each has its own Go runtime, its own
// consensus and its own local database, and clients reach them over their
// MySQL ports. The benchmark starts it from the homes `blocksql testnet`
// makes.
type processCluster struct {
	homes  []string
	addrs  []string // MySQL frontends
	cmds   []*exec.Cmd
	exited []chan error // receives once the process ends
}

// benchExecutable is the blocksql binary the nodes run: this one (tests,
// whose executable is the test binary, point it at a built blocksql).
var benchExecutable = os.Executable

// benchProcessStop bounds a node's graceful stop before it is killed.
const benchProcessStop = 30 * time.Second

// startProcessCluster creates n validator homes under dir (as `blocksql
// testnet` does), each on the run's backend, starts `blocksql start` on each (this executable) and
// waits until the network takes a write.
func startProcessCluster(ctx context.Context, n int, dir string, be *benchBackend, level string) (*processCluster, error) {
	bin, err := benchExecutable()
	if err != nil {
		return nil, fmt.Errorf("bench: find the blocksql executable: %w", err)
	}
	nodes, err := initTestnet(dir, testnetSpec{validators: n, backends: []string{be.kind}, dsn: be.dsn,
		chainID: consensus.DefaultChainID, prefix: be.prefix})
	if err != nil {
		return nil, err
	}
	c := &processCluster{}
	for _, node := range nodes {
		c.homes, c.addrs = append(c.homes, node.Home), append(c.addrs, node.Config.MySQL.Listen)
	}
	env := benchNodeEnv(n)
	for i, home := range c.homes {
		if err := c.startNode(bin, home, level, env(i)); err != nil {
			c.stop()
			return nil, err
		}
	}
	if err := c.waitWritable(ctx); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// benchNodeEnv is the environment of node i of n. Each node gets its share
// of the cores as GOMAXPROCS (unless GOMAXPROCS is set): four nodes of two
// Ps each on two cores kept idle Ps spinning for work and wake each other
// (idle CPU of four nodes 0.34–0.36 cores at 2, 0.17–0.22 at 1; writes/s at
// 512 clients 1.6× in alternated runs), and a node on a machine of its own
// would have those cores alone anyway. With BLOCKSQL_CPUPROFILE set, node i
// writes its profile to that path with ".node<i>" appended.
func benchNodeEnv(n int) func(i int) []string {
	return func(i int) []string {
		env := os.Environ()
		if os.Getenv("GOMAXPROCS") == "" {
			env = append(env, fmt.Sprintf("GOMAXPROCS=%d", max(1, runtime.NumCPU()/n)))
		}
		if p := os.Getenv("BLOCKSQL_CPUPROFILE"); p != "" {
			env = append(env, fmt.Sprintf("BLOCKSQL_CPUPROFILE=%s.node%d", p, i))
		}
		return env
	}
}

func (c *processCluster) startNode(bin, home, level string, env []string) error {
	logf, err := os.OpenFile(filepath.Join(home, "node.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "start", "--home", home, "--log-level", level)
	cmd.Stdout, cmd.Stderr, cmd.Env = logf, logf, env
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("bench: start node %s: %w", home, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait(); logf.Close() }()
	c.cmds, c.exited = append(c.cmds, cmd), append(c.exited, done)
	return nil
}

// waitWritable waits until every frontend answers and a write through
// the first one is decided: the nodes have found each other.
func (c *processCluster) waitWritable(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, benchConnectTimeout)
	defer cancel()
	try := func(addr, q string) error {
		db, err := sql.Open("mysql", benchDSN("root", addr, ""))
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(ctx, q)
		return err
	}
	for i, addr := range c.addrs {
		q := "SELECT 1"
		if i == 0 {
			q = "CREATE DATABASE IF NOT EXISTS " + benchProxyDatabase
		}
		for {
			err := try(addr, q)
			if err == nil {
				break
			}
			if herr := c.health(); herr != nil {
				return herr
			}
			if ctx.Err() != nil {
				return fmt.Errorf("bench node %d not ready after %s: %w", i, benchConnectTimeout, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nil
}

// health reports a node process that ended: its figures would be
// meaningless from then on (its log is node.log in its home).
func (c *processCluster) health() error {
	for i, done := range c.exited {
		select {
		case err := <-done:
			done <- err // keep it for stop and later checks
			return fmt.Errorf("bench node %d exited (%v); see %s", i, err, filepath.Join(c.homes[i], "node.log"))
		default:
		}
	}
	return nil
}

// cpu is the CPU time (user + system) the node processes have used so far.
func (c *processCluster) cpu() time.Duration {
	var total time.Duration
	for _, cmd := range c.cmds {
		total += benchProcessCPU(cmd.Process.Pid)
	}
	return total
}

// benchProcessCPU reads a running process's CPU time from /proc (0 where
// it cannot): utime and stime, the 14th and 15th fields of its stat, in
// clock ticks of 1/100 s on Linux.
func benchProcessCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields start after the command name, which may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// stop ends every node with SIGTERM (a graceful stop that commits the
// local database) and kills one that does not end in time.
func (c *processCluster) stop() {
	for _, cmd := range c.cmds {
		_ = cmd.Process.Signal(syscall.SIGTERM)
	}
	for i, done := range c.exited {
		select {
		case <-done:
		case <-time.After(benchProcessStop):
			_ = c.cmds[i].Process.Kill()
			<-done
		}
	}
	c.cmds, c.exited = nil, nil
}
