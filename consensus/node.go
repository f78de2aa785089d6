package consensus

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	cfg "github.com/cometbft/cometbft/config"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	nm "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/spf13/viper"
)

// ErrNodeStopped is returned to Submit calls waiting when the node stops.
var ErrNodeStopped = errors.New("consensus node stopped")

// Node is one CometBFT node running in this process, driving an App.
type Node struct {
	node *nm.Node
	app  *App
	key  ed25519.PrivateKey // the node key: signs submitted transactions
	pub  ed25519.PublicKey
	id   string
	log  *slog.Logger

	writeTimeout atomic.Int64 // nanoseconds; see SetWriteTimeout
	grouper      *Grouper     // see SubmitGrouped

	signer   io.Closer // the validator signer's state file
	stopOnce sync.Once
	stopped  chan struct{}
	stopErr  error
}

// NewNode loads the home Init created and builds a CometBFT node around
// app. Building runs the handshake: blocks the local database lacks are
// replayed through app before NewNode returns.
func NewNode(home string, app *App, logger *slog.Logger, opts ...NodeOption) (*Node, error) {
	if logger == nil {
		logger = slog.Default()
	}
	c, err := LoadConfig(home)
	if err != nil {
		return nil, err
	}
	var set nodeSettings
	for _, o := range opts {
		o(c, &set)
	}
	nodeKey, priv, err := loadNodeKey(c)
	if err != nil {
		return nil, err
	}
	pv, closeSigner, err := loadSigner(c, set.stockSigner)
	if err != nil {
		return nil, err
	}
	built := false
	defer func() {
		if !built {
			closeSigner.Close()
		}
	}()
	genesis, err := loadGenesis(c.GenesisFile())
	if err != nil {
		return nil, err
	}
	if err := app.SetAppState(genesis.GenesisDoc.AppState); err != nil {
		return nil, err
	}
	members, err := MembershipFromGenesis(genesis.GenesisDoc)
	if err != nil {
		return nil, err
	}
	if src, ok := app.applier.(MembershipSource); ok && src.Membership() != nil {
		members = src.Membership()
	}
	app.SetMembership(members)
	n, err := nm.NewNode(context.Background(), c, pv, nodeKey,
		proxy.NewConsensusSyncLocalClientCreator(app),
		func() (nm.ChecksummedGenesisDoc, error) { return genesis, nil },
		dbProvider(logger), nm.DefaultMetricsProvider(c.Instrumentation),
		newCometLogger(logger, app.watchConsensusError))
	if err != nil {
		return nil, fmt.Errorf("create consensus node in %s: %w", home, err)
	}
	app.gather = newGatherer(n.Mempool())
	nd := &Node{
		node: n, app: app, id: string(nodeKey.ID()),
		key: ed25519.PrivateKey(priv), pub: ed25519.PublicKey(priv.PubKey().Bytes()),
		log: logger, stopped: make(chan struct{}), signer: closeSigner,
	}
	nd.grouper = NewGrouper(nd.Submit)
	app.gather.coming = nd.grouper.Gathering
	built = true
	return nd, nil
}

// NodeOption adjusts CometBFT's configuration, or the node's own
// settings, before the node is built.
type NodeOption func(*cfg.Config, *nodeSettings)

// nodeSettings are a node's choices beyond CometBFT's configuration.
type nodeSettings struct {
	stockSigner bool // CometBFT's FilePV instead of Signer
}

// WithStockSigner signs with CometBFT's own FilePV and its JSON state
// file, as CometBFT ships, instead of blocksql's Signer: for the
// raw-consensus baseline of the benchmarks only (the home's signer state
// moves to FilePV's file, which a later start takes back over).
func WithStockSigner() NodeOption {
	return func(_ *cfg.Config, s *nodeSettings) { s.stockSigner = true }
}

// WithPrometheus registers CometBFT's own metrics (namespace "cometbft")
// with Prometheus' default registry, without CometBFT's own HTTP server:
// the caller serves them. Only one node per process may use it, since a
// metric name can be registered once.
func WithPrometheus() NodeOption {
	return func(c *cfg.Config, _ *nodeSettings) {
		c.Instrumentation.Prometheus = true
		c.Instrumentation.PrometheusListenAddr = ""
	}
}

func loadNodeKey(c *cfg.Config) (*p2p.NodeKey, cmted25519.PrivKey, error) {
	nodeKey, err := p2p.LoadNodeKey(c.NodeKeyFile())
	if err != nil {
		return nil, nil, fmt.Errorf("load node key %s: %w (run init first)", c.NodeKeyFile(), err)
	}
	priv, ok := nodeKey.PrivKey.(cmted25519.PrivKey)
	if !ok {
		return nil, nil, fmt.Errorf("node key %s: want ed25519, got %s", c.NodeKeyFile(), nodeKey.PrivKey.Type())
	}
	return nodeKey, priv, nil
}

// LoadConfig reads <home>/config/config.toml the way CometBFT's own
// command line does.
func LoadConfig(home string) (*cfg.Config, error) {
	path := filepath.Join(home, "config", "config.toml")
	v := viper.New()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("read %s: %w (run init first)", path, err)
	}
	c := cfg.DefaultConfig()
	if err := v.Unmarshal(c); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	c.SetRoot(home)
	if err := c.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// loadSigner opens the validator's signer (signer.go); with stock, the
// raw-consensus baseline's, CometBFT's own FilePV instead.
func loadSigner(c *cfg.Config, stock bool) (cmttypes.PrivValidator, io.Closer, error) {
	key, err := loadValidatorKey(c.PrivValidatorKeyFile())
	if err != nil {
		return nil, nil, err
	}
	s, err := OpenSigner(key, SignerStatePath(c.PrivValidatorStateFile()), c.PrivValidatorStateFile())
	if err != nil || !stock {
		return s, s, err
	}
	// The baseline measures CometBFT as it ships: its FilePV. The state
	// moves to FilePV's JSON file (and the slot file goes, so that a later
	// start without this option takes the JSON file's newer state over).
	pv := privval.NewFilePV(key, c.PrivValidatorKeyFile(), c.PrivValidatorStateFile())
	pv.LastSignState.Height, pv.LastSignState.Round, pv.LastSignState.Step = s.last.Height, s.last.Round, s.last.Step
	pv.LastSignState.Signature, pv.LastSignState.SignBytes = s.last.Signature, s.last.SignBytes
	if err := s.Close(); err != nil {
		return nil, nil, err
	}
	if err := catchPanic(pv.LastSignState.Save); err != nil {
		return nil, nil, fmt.Errorf("write validator state: %w", err)
	}
	if err := os.Remove(SignerStatePath(c.PrivValidatorStateFile())); err != nil {
		return nil, nil, fmt.Errorf("validator state: %w", err)
	}
	return pv, io.NopCloser(nil), nil
}

func loadGenesis(path string) (nm.ChecksummedGenesisDoc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nm.ChecksummedGenesisDoc{}, fmt.Errorf("read genesis: %w", err)
	}
	doc, err := cmttypes.GenesisDocFromJSON(b)
	if err != nil {
		return nm.ChecksummedGenesisDoc{}, fmt.Errorf("parse genesis %s: %w", path, err)
	}
	sum := sha256.Sum256(b)
	return nm.ChecksummedGenesisDoc{GenesisDoc: doc, Sha256Checksum: sum[:]}, nil
}

// Start starts consensus, P2P and, if configured, RPC.
func (n *Node) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := n.node.Start(); err != nil {
		return fmt.Errorf("start consensus node: %w", err)
	}
	n.log.Info("consensus node started", "node_id", n.id, "height", n.node.BlockStore().Height(),
		"p2p", n.node.Config().P2P.ListenAddress)
	return nil
}

// Stop stops the node and releases Submit calls still waiting. Safe to
// call more than once.
func (n *Node) Stop() error {
	n.stopOnce.Do(func() {
		close(n.stopped)
		defer n.signer.Close() // after consensus, which signs, has stopped
		if !n.node.IsRunning() {
			return
		}
		n.quiescePeers()
		if err := n.node.Stop(); err != nil {
			n.stopErr = fmt.Errorf("stop consensus node: %w", err)
			return
		}
		n.node.Wait()
		n.app.sync.waitCommitting()
		// A proposal staged optimistically and never decided still holds
		// the applier's block transaction: roll it back.
		if err := n.app.dropOptimistic(context.Background()); err != nil {
			n.stopErr = fmt.Errorf("stop consensus node: %w", err)
		}
	})
	return n.stopErr
}

// quiescePeers stops P2P before the node closes its stores. CometBFT's
// per-peer queryMaj23Routine checks that it should run only at the top of
// its loop, then sleeps up to four times peer_query_maj23_sleep_duration
// and reads the block store: stopping the node at once lets it read a
// closed store, which panics the whole process. Waiting out those sleeps
// after P2P has stopped lets every such routine see it and return.
func (n *Node) quiescePeers() {
	sw := n.node.Switch()
	if sw.Peers().Size() == 0 {
		return
	}
	if err := sw.Stop(); err != nil {
		n.log.Warn("stop p2p", "err", err)
	}
	time.Sleep(min(4*n.node.Config().Consensus.PeerQueryMaj23SleepDuration, maxQuiesce))
}

// maxQuiesce bounds quiescePeers for homes made with CometBFT's 2 s default.
const maxQuiesce = 2 * time.Second

// ID is the node's CometBFT peer id.
func (n *Node) ID() string { return n.id }

// PubKey is the node key that signs this node's transactions.
func (n *Node) PubKey() ed25519.PublicKey { return append(ed25519.PublicKey(nil), n.pub...) }

// App returns the application the node drives.
func (n *Node) App() *App { return n.app }

// Height is the height of the last block in the block store.
func (n *Node) Height() int64 { return n.node.BlockStore().Height() }

// P2PAddress is "id@host:port" for other nodes' persistent_peers.
func (n *Node) P2PAddress() string {
	return n.id + "@" + trimScheme(n.node.Config().P2P.ListenAddress)
}

// CatchingUp reports whether the node is still syncing blocks from peers.
func (n *Node) CatchingUp() bool {
	r, ok := n.node.MempoolReactor().(interface{ WaitSync() bool })
	return ok && r.WaitSync()
}

func trimScheme(addr string) string {
	if i := strings.Index(addr, "://"); i >= 0 {
		return addr[i+3:]
	}
	return addr
}
