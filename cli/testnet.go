package cli

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/consensus"
)

func init() { register(newTestnetCmd) }

// testnetSpec is what `blocksql testnet` builds.
type testnetSpec struct {
	validators, fullNodes int
	backends              []string // one per node, or one for all
	dsn                   string   // MariaDB/MySQL server for mysql backends
	chainID               string
	rpc                   bool // open each node's CometBFT RPC on a free port
	// prefix, if set, names the mysql nodes' databases <prefix>n<i>_
	// instead of testnet_<random>_n<i>_.
	prefix string
}

// testnetNode is one node testnet created.
type testnetNode struct {
	consensus.NetworkNode
	Config Config
}

func newTestnetCmd() *cobra.Command {
	var spec testnetSpec
	var backends, out string
	c := &cobra.Command{
		Use:     "testnet",
		Short:   "create the homes of a local network: N validators and full nodes on 127.0.0.1",
		Example: "  blocksql testnet --validators 4 --full-nodes 1 --backends sqlite,sqlite,mysql,mysql,sqlite --out ./net",
		RunE: func(*cobra.Command, []string) error {
			spec.backends = strings.Split(backends, ",")
			if err := spec.validate(out); err != nil {
				return err
			}
			nodes, err := initTestnet(out, spec)
			if err != nil {
				return err
			}
			printTestnet(os.Stdout, nodes)
			return nil
		},
	}
	f := c.Flags()
	f.IntVar(&spec.validators, "validators", 4, "number of validators")
	f.IntVar(&spec.fullNodes, "full-nodes", 0, "number of full nodes (non-validators that take writes)")
	f.StringVar(&backends, "backends", "sqlite", "local database of each node, comma-separated: sqlite or mysql (one value applies to all)")
	f.StringVar(&spec.dsn, "dsn", "root@tcp(127.0.0.1:3306)/", "MariaDB/MySQL server of the mysql backends")
	f.StringVar(&spec.chainID, "chain-id", consensus.DefaultChainID, "chain id")
	f.BoolVar(&spec.rpc, "rpc", false, "open each node's CometBFT RPC on a free loopback port")
	f.StringVar(&out, "out", "", "directory to create the node homes in (node0, node1, ...)")
	return c
}

func (s testnetSpec) validate(out string) error {
	hint := "blocksql testnet --validators 4 --full-nodes 1 --backends sqlite,sqlite,mysql,mysql,sqlite --out ./net"
	switch {
	case out == "":
		return &UsageError{Msg: "--out is required", Hint: hint}
	case s.validators < 1 || s.fullNodes < 0:
		return &UsageError{Msg: "need at least one validator and no negative count", Hint: hint}
	case len(s.backends) != 1 && len(s.backends) != s.validators+s.fullNodes:
		return &UsageError{Msg: fmt.Sprintf("--backends lists %d databases for %d nodes", len(s.backends), s.validators+s.fullNodes), Hint: hint}
	}
	for _, b := range s.backends {
		if b != "sqlite" && b != "mysql" {
			return &UsageError{Msg: fmt.Sprintf("unknown backend %q", b), Hint: hint}
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		return &UsageError{Msg: fmt.Sprintf("%s is not empty", out), Hint: "choose a new --out directory"}
	}
	return nil
}

// initTestnet creates every node home under out: blocksql.toml with its
// own MySQL port and local database, and CometBFT's files with the shared
// genesis and every other node as a peer.
func initTestnet(out string, s testnetSpec) ([]testnetNode, error) {
	tag, err := randomTag()
	if err != nil {
		return nil, err
	}
	total := s.validators + s.fullNodes
	addrs, err := freeLoopbackAddrs(testnetPorts * total)
	if err != nil {
		return nil, err
	}
	nodes := make([]testnetNode, total)
	netNodes := make([]consensus.NetworkNode, total)
	for i := range nodes {
		n, err := s.node(out, i, tag, addrs[testnetPorts*i:testnetPorts*(i+1)])
		if err != nil {
			return nil, err
		}
		nodes[i], netNodes[i] = n, n.NetworkNode
	}
	if err := consensus.InitNetwork(netNodes, consensus.InitOptions{ChainID: s.chainID}); err != nil {
		return nil, err
	}
	for i := range nodes {
		nodes[i].NetworkNode = netNodes[i]
		if err := writeConfig(nodes[i].Home, nodes[i].Config); err != nil {
			return nil, fmt.Errorf("write %s config: %w", nodes[i].Moniker, err)
		}
	}
	return nodes, nil
}

// testnetPorts is how many loopback ports each node gets: P2P, MySQL,
// CometBFT RPC and metrics.
const testnetPorts = 4

// node describes node i: its home, ports (P2P, MySQL, RPC and metrics
// from addrs) and local database.
func (s testnetSpec) node(out string, i int, tag string, addrs []string) (testnetNode, error) {
	n := testnetNode{Config: defaultConfig()}
	n.Moniker = fmt.Sprintf("node%d", i)
	n.Home = filepath.Join(out, n.Moniker)
	n.Validator = i < s.validators
	n.P2PListen, n.Config.MySQL.Listen, n.Config.Metrics.Listen = "tcp://"+addrs[0], addrs[1], addrs[3]
	if s.rpc {
		n.RPCListen = "tcp://" + addrs[2]
	}
	if s.backend(i) == "mysql" {
		prefix := s.prefix
		if prefix == "" {
			prefix = fmt.Sprintf("testnet_%s_", tag)
		}
		n.Config.Database = DatabaseConfig{Driver: "mysql", DSN: s.dsn, Prefix: fmt.Sprintf("%sn%d_", prefix, i)}
	}
	return n, os.MkdirAll(n.Home, 0o700)
}

func (s testnetSpec) backend(i int) string {
	if len(s.backends) == 1 {
		return s.backends[0]
	}
	return s.backends[i]
}

// randomTag keeps the MariaDB databases of two testnets apart.
func randomTag() (string, error) {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// freeLoopbackAddrs finds n distinct free loopback ports. CometBFT
// announces its listen address to peers, so it needs the real port up
// front rather than ":0". All are held open together so none repeats.
func freeLoopbackAddrs(n int) ([]string, error) {
	var addrs []string
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		defer l.Close()
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

func printTestnet(w io.Writer, nodes []testnetNode) {
	fmt.Fprintf(w, "created %d node homes; start each (one terminal or `&` per node):\n", len(nodes))
	for _, n := range nodes {
		role := "validator"
		if !n.Validator {
			role = "full node"
		}
		fmt.Fprintf(w, "  blocksql start --home %s    # %s, %s, MySQL %s, P2P %s\n",
			n.Home, role, n.Config.Database.Driver, n.Config.MySQL.Listen, strings.TrimPrefix(n.P2PListen, "tcp://"))
	}
	fmt.Fprintln(w, "then connect to any node, e.g.:")
	fmt.Fprintf(w, "  %s\n", connectCommand(nodes[0].Config.MySQL.Listen))
}
