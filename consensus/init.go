package consensus

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	cfg "github.com/cometbft/cometbft/config"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
)

// Defaults written by Init.
const (
	DefaultChainID   = "blocksql"
	DefaultP2PListen = "tcp://127.0.0.1:26656"
	// DefaultTimeoutCommit: 0 starts the next height as soon as every
	// precommit is in. Measured with BenchmarkSubmit, a few milliseconds of
	// extra batching bought no throughput and cost that much latency.
	DefaultTimeoutCommit = 0
	// DefaultMempoolSize holds several seconds of peak load.
	DefaultMempoolSize = 100_000
	// MaxBlockBytes is CometBFT's largest block, written into the genesis
	// (it cannot change after the first block without a parameter update).
	MaxBlockBytes = cmttypes.MaxBlockSizeBytes
	// MaxTxBytes is the largest chain transaction: a block less room for
	// its header, the last commit's signatures and evidence, so that a
	// transaction the mempool accepts always fits in a block. A large
	// statement's literals are stored once (sqldelta.go).
	MaxTxBytes = MaxBlockBytes - 2<<20
)

// Round timeouts for a LAN. They only matter when something is missing
// (a proposer down, a vote lost): CometBFT's defaults (3 s to wait for a
// proposal, 1 s for votes) make every height whose proposer is down
// stall writes for 3 s. Each further round of a height adds the delta,
// so a slow but live network still converges.
const (
	LANTimeoutPropose = time.Second
	// LANTimeoutProposeDelta: a block of one large transaction takes the
	// proposer longer than LANTimeoutPropose to propose (CometBFT 1.0
	// fsyncs each of its own 64 KiB block parts to the consensus WAL: a
	// 32 MiB INSERT is 513 parts, 2–5 s on a loaded machine), and each
	// failed round proposes the whole block again. With 1 s more per round
	// such a block goes through in a few rounds instead of a dozen; a
	// proposer that is down still costs only LANTimeoutPropose.
	LANTimeoutProposeDelta = time.Second
	LANTimeoutVote         = 500 * time.Millisecond
	LANTimeoutVoteDelta    = 200 * time.Millisecond
	// LANPeerGossipSleep and LANFlushThrottle dominate the latency of a
	// write on several validators: the defaults (100 ms and 10 ms) make
	// it ~400 ms on four validators.
	LANPeerGossipSleep = 5 * time.Millisecond
	LANFlushThrottle   = time.Millisecond
	// LANQueryMaj23Sleep: how often a node asks peers which +2/3 majorities
	// they saw (default 2 s); shorter also makes a clean stop shorter
	// (see Node.quiescePeers).
	LANQueryMaj23Sleep = 250 * time.Millisecond
)

// Validator is one genesis validator.
type Validator struct {
	PubKey ed25519.PublicKey // its priv_validator_key.json public key
	Power  int64
	Name   string
}

// InitOptions parameterise a node home. The zero value makes a one-node
// chain whose only validator and only authorized submitter is this node.
type InitOptions struct {
	ChainID         string
	Moniker         string
	P2PListen       string   // default DefaultP2PListen
	RPCListen       string   // empty keeps CometBFT's RPC closed
	PersistentPeers []string // "nodeid@host:port"
	TimeoutCommit   time.Duration
	GenesisTime     time.Time // must be identical on every node of a chain
	// Validators of the genesis; empty means this node alone.
	Validators []Validator
	// AuthorizedNodes are node keys allowed to submit; empty means this node.
	AuthorizedNodes []ed25519.PublicKey
	// Dialect is the chain's SQL dialect ("postgres"; empty is mysql).
	Dialect string
}

// Identity is what other nodes need to know about a node home.
type Identity struct {
	NodeID       string            // CometBFT peer id, for "id@host:port"
	NodeKey      ed25519.PublicKey // signs transactions; goes in authorized_nodes
	ValidatorKey ed25519.PublicKey // signs votes; goes in the validator set
}

// Init creates a node home: config/config.toml, config/genesis.json,
// config/node_key.json, config/priv_validator_key.json and
// data/priv_validator_state.slots (the signer's state, signer.go). Files
// that exist are left alone, so Init is idempotent; a multi-node setup
// calls InitKeys on every home first, then Init with the collected
// validators and authorized nodes.
func Init(home string, opts InitOptions) error {
	id, err := InitKeys(home)
	if err != nil {
		return err
	}
	c := tunedConfig(home, opts)
	if err := writeConfigIfMissing(c); err != nil {
		return err
	}
	if fileExists(c.GenesisFile()) {
		return nil
	}
	return writeGenesis(c.GenesisFile(), genesisDoc(id, opts))
}

// InitKeys creates the node and validator keys of a home if missing and
// returns its identity.
func InitKeys(home string) (Identity, error) {
	c := cfg.DefaultConfig()
	c.SetRoot(home)
	for _, d := range []string{filepath.Join(home, "config"), filepath.Join(home, "data")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return Identity{}, fmt.Errorf("init %s: %w", home, err)
		}
	}
	nk, err := p2p.LoadOrGenNodeKey(c.NodeKeyFile())
	if err != nil {
		return Identity{}, fmt.Errorf("node key %s: %w", c.NodeKeyFile(), err)
	}
	pvKey, err := initValidatorKey(c.PrivValidatorKeyFile(), c.PrivValidatorStateFile())
	if err != nil {
		return Identity{}, err
	}
	return Identity{
		NodeID:       string(nk.ID()),
		NodeKey:      ed25519.PublicKey(nk.PubKey().Bytes()),
		ValidatorKey: ed25519.PublicKey(pvKey.PubKey().Bytes()),
	}, nil
}

func initValidatorKey(keyFile, stateFile string) (cmted25519.PrivKey, error) {
	if !fileExists(keyFile) {
		pv := privval.NewFilePV(cmted25519.GenPrivKey(), keyFile, stateFile)
		if err := catchPanic(pv.Save); err != nil {
			return nil, fmt.Errorf("write validator key: %w", err)
		}
	}
	key, err := loadValidatorKey(keyFile)
	if err != nil {
		return nil, err
	}
	slots := SignerStatePath(stateFile)
	if fileExists(slots) {
		return key, nil
	}
	if !fileExists(stateFile) {
		pv := privval.NewFilePV(key, keyFile, stateFile)
		if err := catchPanic(pv.LastSignState.Save); err != nil {
			return nil, fmt.Errorf("write validator state: %w", err)
		}
	}
	s, err := OpenSigner(key, slots, stateFile) // the signer's file replaces the JSON one
	if err != nil {
		return nil, err
	}
	return key, s.Close()
}

func loadValidatorKey(keyFile string) (cmted25519.PrivKey, error) {
	b, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("read validator key: %w", err)
	}
	var k privval.FilePVKey
	if err := cmtjson.Unmarshal(b, &k); err != nil {
		return nil, fmt.Errorf("parse validator key %s: %w", keyFile, err)
	}
	key, ok := k.PrivKey.(cmted25519.PrivKey)
	if !ok {
		return nil, fmt.Errorf("validator key %s: want ed25519, got %s", keyFile, k.PrivKey.Type())
	}
	return key, nil
}

// tunedConfig is CometBFT's default configuration with the latency and
// throughput knobs blocksql needs.
func tunedConfig(home string, opts InitOptions) *cfg.Config {
	c := cfg.DefaultConfig()
	c.SetRoot(home)
	c.Moniker = or(opts.Moniker, "blocksql")
	c.Consensus.TimeoutCommit = opts.TimeoutCommit
	if opts.TimeoutCommit <= 0 {
		c.Consensus.TimeoutCommit = DefaultTimeoutCommit
	}
	c.Consensus.CreateEmptyBlocks = false
	c.Consensus.PeerGossipSleepDuration = LANPeerGossipSleep
	c.Consensus.PeerQueryMaj23SleepDuration = LANQueryMaj23Sleep
	c.Consensus.TimeoutPropose, c.Consensus.TimeoutProposeDelta = LANTimeoutPropose, LANTimeoutProposeDelta
	c.Consensus.TimeoutPrevote, c.Consensus.TimeoutPrevoteDelta = LANTimeoutVote, LANTimeoutVoteDelta
	c.Consensus.TimeoutPrecommit, c.Consensus.TimeoutPrecommitDelta = LANTimeoutVote, LANTimeoutVoteDelta
	c.P2P.FlushThrottleTimeout = LANFlushThrottle
	c.P2P.ListenAddress = or(opts.P2PListen, DefaultP2PListen)
	c.P2P.PersistentPeers = strings.Join(opts.PersistentPeers, ",")
	if isLoopback(c.P2P.ListenAddress) {
		// Local testnets: peers share 127.0.0.1.
		c.P2P.AddrBookStrict = false
		c.P2P.AllowDuplicateIP = true
	}
	c.RPC.ListenAddress = opts.RPCListen
	c.Mempool.Recheck = false // CheckTx is stateless
	c.Mempool.Size = DefaultMempoolSize
	c.Mempool.CacheSize = DefaultMempoolSize
	c.Mempool.MaxTxsBytes = 1 << 30
	c.Mempool.MaxTxBytes = MaxTxBytes
	c.TxIndex.Indexer = "null" // the operation log in the local database indexes transactions
	return c
}

func writeConfigIfMissing(c *cfg.Config) error {
	path := filepath.Join(c.RootDir, "config", "config.toml")
	if fileExists(path) {
		return nil
	}
	if err := c.ValidateBasic(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if err := catchPanic(func() { cfg.WriteConfigFile(path, c) }); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func genesisDoc(self Identity, opts InitOptions) *cmttypes.GenesisDoc {
	vals := opts.Validators
	if len(vals) == 0 {
		vals = []Validator{{PubKey: self.ValidatorKey, Power: 10, Name: or(opts.Moniker, "blocksql")}}
	}
	doc := &cmttypes.GenesisDoc{
		ChainID:         or(opts.ChainID, DefaultChainID),
		GenesisTime:     opts.GenesisTime,
		ConsensusParams: cmttypes.DefaultConsensusParams(),
	}
	doc.ConsensusParams.Block.MaxBytes = MaxBlockBytes
	if doc.GenesisTime.IsZero() {
		doc.GenesisTime = time.Now().UTC().Truncate(time.Millisecond)
	}
	for _, v := range vals {
		pk := cmted25519.PubKey(v.PubKey)
		doc.Validators = append(doc.Validators, cmttypes.GenesisValidator{
			Address: pk.Address(), PubKey: pk, Power: v.Power, Name: v.Name,
		})
	}
	auth := opts.AuthorizedNodes
	if len(auth) == 0 {
		auth = []ed25519.PublicKey{self.NodeKey}
	}
	st := GenesisAppState{Dialect: opts.Dialect}
	for _, k := range auth {
		st.AuthorizedNodes = append(st.AuthorizedNodes, hex.EncodeToString(k))
	}
	doc.AppState, _ = json.Marshal(st) // a struct of strings always marshals
	return doc
}

func writeGenesis(path string, doc *cmttypes.GenesisDoc) error {
	if err := doc.ValidateAndComplete(); err != nil {
		return fmt.Errorf("genesis: %w", err)
	}
	if err := doc.SaveAs(path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// catchPanic turns the panics of CometBFT's file helpers into errors.
func catchPanic(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, os.ErrNotExist)
}

func isLoopback(addr string) bool {
	u, err := url.Parse(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback() || u.Hostname() == "localhost"
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
