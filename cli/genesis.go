package cli

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blocksql/blocksql/consensus"
)

func init() { register(newGenesisCmd) }

const genesisHint = "blocksql genesis show|add-validator|add-node --home H (see README, Cluster)"

// newGenesisCmd assembles the genesis of a network whose nodes were each
// created with `blocksql init` on their own machine.
func newGenesisCmd() *cobra.Command {
	var home, key, name string
	var power int64
	c := &cobra.Command{
		Use:       "genesis show|add-validator|add-node",
		Short:     "assemble a network's genesis: show a node's keys, add validators and submitting nodes",
		Example:   "  blocksql genesis show --home ./node\n  blocksql genesis add-validator --home ./node --key HEX --name b",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"show", "add-validator", "add-node"},
		RunE: func(_ *cobra.Command, args []string) error {
			return runGenesis(args[0], home, key, name, power)
		},
	}
	f := c.Flags()
	f.StringVar(&home, "home", defaultHome(), "node home directory")
	f.StringVar(&key, "key", "", "hex ed25519 public key as `blocksql genesis show` prints it")
	f.Int64Var(&power, "power", 10, "add-validator: voting power")
	f.StringVar(&name, "name", "", "add-validator: validator name")
	return c
}

func runGenesis(sub, home, key, name string, power int64) error {
	switch sub {
	case "show":
		return showIdentity(home)
	case "add-validator", "add-node":
		pub, err := consensus.ParseKey(key)
		if err != nil {
			return &UsageError{Msg: err.Error(), Hint: genesisHint}
		}
		if sub == "add-node" {
			return consensus.AddAuthorizedNode(home, pub)
		}
		return consensus.AddValidator(home, consensus.Validator{PubKey: pub, Power: power, Name: name})
	}
	return &UsageError{Msg: fmt.Sprintf("unknown genesis subcommand %q", sub), Hint: genesisHint}
}

// showIdentity prints what the other nodes of a network need to know of
// this one, as the commands that add it.
func showIdentity(home string) error {
	id, err := consensus.ReadIdentity(home)
	if err != nil {
		return err
	}
	c, err := consensus.LoadConfig(home)
	if err != nil {
		return err
	}
	addr := strings.TrimPrefix(c.P2P.ListenAddress, "tcp://")
	fmt.Printf("node id        %s\npeer address   %s@%s (use this machine's reachable address)\n", id.NodeID, id.NodeID, addr)
	fmt.Printf("validator key  %s\nnode key       %s\n\n", hex.EncodeToString(id.ValidatorKey), hex.EncodeToString(id.NodeKey))
	fmt.Println("On the machine assembling the genesis:")
	fmt.Printf("  blocksql genesis add-validator --home H --key %s --name %s\n", hex.EncodeToString(id.ValidatorKey), c.Moniker)
	fmt.Printf("  blocksql genesis add-node --home H --key %s\n", hex.EncodeToString(id.NodeKey))
	return nil
}
