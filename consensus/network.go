package consensus

import (
	"fmt"
	"time"
)

// NetworkNode is one node of a network InitNetwork creates.
type NetworkNode struct {
	Home      string
	Moniker   string
	P2PListen string // "tcp://host:port"; other nodes dial it
	Validator bool   // in the genesis validator set; otherwise a full node
	Power     int64  // voting power of a validator; 0 means 10
	RPCListen string // empty keeps CometBFT's RPC closed
	Identity  Identity
}

// InitNetwork creates the home of every node of one chain: each its own
// keys, all the same genesis (every validator with its power, every
// node's key authorized to submit) and every other node as a persistent
// peer. base carries the chain id and the latency knobs; the fields that
// differ per node are taken from nodes. It fills in each node's Identity.
func InitNetwork(nodes []NetworkNode, base InitOptions) error {
	if base.GenesisTime.IsZero() {
		base.GenesisTime = time.Now().UTC().Truncate(time.Millisecond)
	}
	base.Validators, base.AuthorizedNodes = nil, nil
	for i := range nodes {
		id, err := InitKeys(nodes[i].Home)
		if err != nil {
			return err
		}
		nodes[i].Identity = id
		base.AuthorizedNodes = append(base.AuthorizedNodes, id.NodeKey)
		if nodes[i].Validator {
			base.Validators = append(base.Validators, Validator{
				PubKey: id.ValidatorKey, Power: powerOr10(nodes[i].Power), Name: nodes[i].Moniker,
			})
		}
	}
	if len(base.Validators) == 0 {
		return fmt.Errorf("init network: no validator among %d nodes", len(nodes))
	}
	for i, n := range nodes {
		opts := base
		opts.Moniker, opts.P2PListen, opts.RPCListen = n.Moniker, n.P2PListen, n.RPCListen
		opts.PersistentPeers = peersExcept(nodes, i)
		if err := Init(n.Home, opts); err != nil {
			return fmt.Errorf("init node %s: %w", n.Moniker, err)
		}
	}
	return nil
}

// peersExcept lists "id@host:port" of every node but nodes[skip].
func peersExcept(nodes []NetworkNode, skip int) []string {
	var peers []string
	for j, p := range nodes {
		if j != skip {
			peers = append(peers, p.Identity.NodeID+"@"+trimScheme(p.P2PListen))
		}
	}
	return peers
}

func powerOr10(p int64) int64 {
	if p <= 0 {
		return 10
	}
	return p
}
