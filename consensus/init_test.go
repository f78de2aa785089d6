package consensus

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestInitIsIdempotent(t *testing.T) {
	home := t.TempDir()
	if err := Init(home, InitOptions{P2PListen: freeP2P(t)}); err != nil {
		t.Fatal(err)
	}
	files := []string{"config/config.toml", "config/genesis.json", "config/node_key.json",
		"config/priv_validator_key.json", "data/" + SignerStateName}
	before := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(home, f))
		if err != nil {
			t.Fatalf("Init did not create %s: %v", f, err)
		}
		before[f] = b
	}
	if err := Init(home, InitOptions{ChainID: "other"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if b, _ := os.ReadFile(filepath.Join(home, f)); string(b) != string(before[f]) {
			t.Errorf("second Init changed %s", f)
		}
	}
}

func TestInitTunesLatencyKnobs(t *testing.T) {
	home := t.TempDir()
	if err := Init(home, InitOptions{}); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"consensus.create_empty_blocks", c.Consensus.CreateEmptyBlocks, false},
		{"consensus.timeout_commit", c.Consensus.TimeoutCommit, time.Duration(DefaultTimeoutCommit)},
		{"consensus.peer_gossip_sleep_duration", c.Consensus.PeerGossipSleepDuration, 5 * time.Millisecond},
		{"p2p.flush_throttle_timeout", c.P2P.FlushThrottleTimeout, time.Millisecond},
		{"p2p.laddr", c.P2P.ListenAddress, DefaultP2PListen},
		{"rpc.laddr", c.RPC.ListenAddress, ""},
		{"mempool.recheck", c.Mempool.Recheck, false},
		{"mempool.size", c.Mempool.Size, DefaultMempoolSize},
		// A 64 MiB statement (MySQL's max_allowed_packet) must not be
		// refused by the mempool's 1 MiB default.
		{"mempool.max_tx_bytes", c.Mempool.MaxTxBytes, MaxTxBytes},
	}
	for _, k := range checks {
		if k.got != k.want {
			t.Errorf("%s = %v, want %v", k.name, k.got, k.want)
		}
	}
}

func TestGenesisAuthorizesThisNode(t *testing.T) {
	home := t.TempDir()
	if err := Init(home, InitOptions{ChainID: "shop-1"}); err != nil {
		t.Fatal(err)
	}
	id, err := InitKeys(home)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := loadGenesis(filepath.Join(home, "config", "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	var st GenesisAppState
	if err := json.Unmarshal(gen.GenesisDoc.AppState, &st); err != nil {
		t.Fatal(err)
	}
	if mb := gen.GenesisDoc.ConsensusParams.Block.MaxBytes; mb != MaxBlockBytes || mb < MaxTxBytes+1<<20 {
		t.Errorf("genesis block max_bytes %d: want %d, room for a %d-byte transaction", mb, MaxBlockBytes, MaxTxBytes)
	}
	if gen.GenesisDoc.ChainID != "shop-1" || len(gen.GenesisDoc.Validators) != 1 {
		t.Errorf("genesis chain %q with %d validators", gen.GenesisDoc.ChainID, len(gen.GenesisDoc.Validators))
	}
	if len(st.AuthorizedNodes) != 1 || st.AuthorizedNodes[0] != hexKey(id.NodeKey) {
		t.Errorf("authorized_nodes = %v, want this node's key %s", st.AuthorizedNodes, hexKey(id.NodeKey))
	}
}

func TestBlockStoreReadsChainWhileNodeRuns(t *testing.T) {
	home := initHome(t, InitOptions{})
	n := startNode(t, home, newFileApplier(t, t.TempDir()))
	ctx := context.Background()
	var heights []int64
	for i := range 3 {
		res, err := n.Submit(ctx, insert(i))
		if err != nil {
			t.Fatal(err)
		}
		heights = append(heights, res.Height)
	}

	bs, err := OpenBlockStore(home)
	if err != nil {
		t.Fatal(err)
	}
	defer bs.Close()
	if bs.Base() != 1 || bs.Height() < heights[2] {
		t.Fatalf("store holds %d..%d, want 1..>=%d", bs.Base(), bs.Height(), heights[2])
	}
	txs := 0
	for h := bs.Base(); h <= bs.Height(); h++ {
		b, err := bs.Block(h)
		if err != nil {
			t.Fatal(err)
		}
		if b.Height != h || len(b.Hash) != 32 || b.Time.IsZero() || len(b.Proposer) == 0 {
			t.Errorf("block %d: %+v", h, b)
		}
		for _, raw := range b.Txs {
			if _, err := UnmarshalTx(raw); err != nil {
				t.Errorf("block %d holds an undecodable tx: %v", h, err)
			}
		}
		txs += len(b.Txs)
		c, err := bs.Commit(h)
		if err != nil || c.Height != h || string(c.BlockID.Hash) != string(b.Hash) {
			t.Errorf("commit %d: %v, %v", h, c, err)
		}
	}
	if txs != 3 {
		t.Errorf("blocks hold %d transactions, want 3", txs)
	}
	if _, err := bs.Block(bs.Height() + 1); err == nil {
		t.Error("Block beyond the tip returned no error")
	}
}

func hexKey(k []byte) string { return hex.EncodeToString(k) }
