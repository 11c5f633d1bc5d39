package httpmodel

// passedRouters makes the routers that a call passes to a function of
// another package taking a router parameter (func Register(r
// *mux.Router)), so that a router with no registration of its own here
// (mux.NewRouter() given straight to api.Register, or
// r.PathPrefix("/api").Subrouter()) is known: the function registers
// routes on it, and analyzers read what through facts.
func (b *builder) passedRouters(c callSite) {
	if c.fn == nil || c.fn.Pkg() == nil || c.fn.Pkg() == b.pass.Pkg || RouterPackage(c.fn.Pkg()) != 0 {
		return
	}
	params := c.fn.Signature().Params()
	for i, arg := range c.call.Args {
		if i >= params.Len() {
			break
		}
		if RouterKindOf(params.At(i).Type(), RouterTypes) == 0 {
			continue
		}
		if t := b.pass.TypesInfo.TypeOf(arg); t != nil && IsRouterType(t) {
			b.routerOf(arg)
		}
	}
}
