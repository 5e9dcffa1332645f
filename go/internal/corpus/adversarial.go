package corpus

import "fmt"

// The single account, region and resource of ShapeAdversarial.
const (
	adversarialAccount  = "acct-adversarial"
	adversarialRegion   = "us-east-1"
	adversarialResource = "res-shared"
)

// adversarialRoles are, in turn, an entry (NETWORK), a target (storage) and
// an intermediate; all HIGH so the lateral pass also tries every pair.
var adversarialRoles = [3]struct{ resourceType, category string }{
	{"compute", "NETWORK"},
	{"storage", "DATA_EXPOSURE"},
	{"identity", "IDENTITY"},
}

// appendAdversarial appends finding i of ShapeAdversarial.
func appendAdversarial(dst []byte, i int) []byte {
	role := adversarialRoles[i%3]
	w := jw{b: dst}
	w.open('{')
	w.strKey("id", fmt.Sprintf("f-%05d", i+1))
	w.strKey("resource_type", role.resourceType)
	w.strKey("resource_id", adversarialResource)
	w.strKey("region", adversarialRegion)
	w.strKey("account_id", adversarialAccount)
	w.strKey("severity", "HIGH")
	w.strKey("category", role.category)
	w.close('}')
	return w.b
}
