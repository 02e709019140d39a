package web

func init() { extraRegistrars = append(extraRegistrars, (*Pages).registerPool) }
