/// Override lines fed to both our parser and Hydra's (HydraOverrideDifferentialTests):
/// valid and invalid forms of every part of the grammar, plus the seeds' own commands.
enum OverrideCorpus {
    static let lines: [String] = seeds + keys + primitives + quoting + containers + functions + sweeps + invalid + edges

    static let seeds = [
        "exp_name=arch", "model.architecture_name=dbnet,dbnetpp,craft", "model.encoder.model_name=resnet18",
        "trainer.max_epochs=8", "data.batch_size=8,16", "+model=architectures/dbnetpp",
        "training.learning_rate=range(0.001,0.01,0.002)", "model/architectures=dbnet", "launcher=slurm",
        "logger.tags=[arch,ablation]", "model.head.postprocess.use_polygon=true", "train.ema_decay=0.999",
        "hydra.launcher.n_jobs=2", "optimizer=adam,sgd", "seed=1,2,3",
    ]

    static let keys = [
        "a=1", "a.b.c=1", "a.0.b=1", "a.10=x", "0.a=1", "a-b=1", "a.b-c.d_e=1", "_a=1", "$a=1", "a$b=1",
        "a.$b=1", "+a=1", "++a=1", "~a", "~a=1", "~a=", "=1", "~", "a=", "+a=", "++a.b=[]", "group/sub=opt",
        "group/sub/deep=opt", "group@pkg=opt", "group/sub@pkg.inner=opt", "group@=opt", "@pkg=1", "+group@pkg=opt",
        "~group@pkg", "~group/sub=opt", "a@$b=1", "a@0.b=1",
    ]

    static let primitives = [
        "a=abc", "a=0", "a=-1", "a=+7", "a=1_000", "a=007", "a=1-2", "a=1__0", "a=1_", "a=3.14", "a=1.", "a=.5",
        "a=-.5", "a=1e3", "a=1E-3", "a=1.5e+2", "a=1_0.5_5", "a=1.e5", "a=1e400", "a=-1e400", "a=inf", "a=-inf",
        "a=+INF", "a=nan", "a=NaN", "a=-nan", "a=infinity", "a=info", "a=nan1", "a=1e", "a=1.5.3", "a=01.5",
        "a=true", "a=TRUE", "a=False", "a=fAlSe", "a=null", "a=NULL", "a=none", "a=yes", "a=trueish",
        "a=true false", "a=hello world", "a=  spaced  ", "a=b  c", "a=b\tc", "a=${x.y}", "a=${oc.env:HOME,/tmp}",
        "a=pre_${x}_post", "a=$x", "a=/path/to/file.txt", "a=http://example.com:8080/x?y",
        "a=a:b", "a=:", "a=%d-%m", "a=*", "a=@x", "a=a|b", "a=-", "a=.", "a=1 ", "a=true ",
        "a=\\(x\\)", "a=x\\,y", "a=x\\=y", "a=x\\ y", "a=x\\\ty", "a=\\[1\\]", "a=\\{a\\}", "a=x\\:y", "a=x\\\\y",
        "a=x\\y", "a=x\\n", "a=\\\\", "a=\\,", "a=C:\\dir", "a=key: value",
    ]

    static let quoting = [
        "a='abc'", "a=\"abc\"", "a=''", "a=\"\"", "a='a b'", "a='a,b'", "a='it\\'s'", "a=\"say \\\"hi\\\"\"",
        "a='a\"b'", "a=\"a'b\"", "a='\\\\'", "a='abc\\\\'", "a='a\\b'", "a='a\\\\\\'b'", "a='${x}'", "a='#!&;'",
        "a='héllo'", "a='[1,2]'", "a='true'", "a='1'", "a='a','b'", "a=['x', \"y\"]", "a={k:'v'}", "a='a=b'",
        "a='a\\\\\\\\'", "a=\"x\\\\\\\\\\\"y\"",
    ]

    static let containers = [
        "a=[]", "a=[1,2,3]", "a=[ 1 , 2 ]", "a=[a,[b,[c]]]", "a=[1,'x',true,null,1.5]", "a={}", "a={a:1,b:2}",
        "a={ a : 1 , b : [1,2] }", "a={1:a,2.5:b,true:c,null:d}", "a={a:1,a:2}", "a={a b:1}", "a={a\\:b:1}",
        "a={a:{b:{c:1}}}", "a=[{a:1},{b:2}]", "a={a:b:c}", "a={a:${x}}", "a={1e3:x}", "a=[a b, c d]",
        "a={a-b:x}", "a={a:b c}",
    ]

    static let functions = [
        "a=int(3.7)", "a=int(-3.7)", "a=int('42')", "a=int(' 42 ')", "a=int('1_000')", "a=int(true)",
        "a=float(1)", "a=float('1e3')", "a=float('inf')", "a=float('-Infinity')", "a=float(' .5 ')",
        "a=str(1)", "a=str(1.5)", "a=str(true)", "a=str('x y')", "a=str([1,2])", "a=bool(1)", "a=bool(0)",
        "a=bool('TRUE')", "a=bool(null)", "a=bool(0.0)", "a=int([1.5,'2',{x:3.9}])", "a=float(1,2)",
        "a=int(choice(1.5,2.5))", "a=int(range(1.5,5.5))", "a=float(range(1,4))", "a=int(value=2.5)",
        "a=int (3)", "a=int( 3 )", "a=str(value='x')", "a=bool(value=true)",
        "a=sort([3,1,2])", "a=sort(list=[b,a])", "a=sort([3,1,2],reverse=true)", "a=sort(x)", "a=sort(3)",
        "a=shuffle(x)", "a=shuffle({a:1})",
    ]

    static let sweeps = [
        "a=1,2,3", "a=a, b ,c", "a='x',y", "a=[1,2],[3]", "a={a:1},{b:2}", "a=1,null", "a=choice(1,2,3)",
        "a=choice(a)", "a=choice([1,2],[3])", "a=choice(sort(c,a,b))", "a=choice('x',\"y\")",
        "a=range(5)", "a=range(1,5)", "a=range(1,10,3)", "a=range(10,0,-3)", "a=range(0,1,0.1)",
        "a=range(0.1,1.0,0.1)", "a=range(1,0,-0.25)", "a=range(0,1,0.3)", "a=range(start=1,stop=4)",
        "a=range(1,stop=3)", "a=range(0,-1)", "a=range(2,2)", "a=range(0.5,3)", "a=range(true,3)",
        "a=range(1e-3,1e-2,1e-3)", "a=range(-1,1,0.4)", "a=range(5,null)",
        "a=sort(3,1,2)", "a=sort(3,1,2,reverse=true)", "a=sort(b,a,c)", "a=sort(1,2.5,true,0)",
        "a=sort(choice(3,1,2))", "a=sort(range(5,0,-1))", "a=sort(range(0,5),reverse=true)",
        "a=sort(range(1,0,-0.25))", "a=sort(sweep=choice(2,1))", "a=sort(choice(b,a),reverse=true)",
        "a=shuffle(1,2,3)", "a=shuffle(choice(a,b,c))", "a=shuffle(range(4))", "a=shuffle(sweep=range(3))",
        "a=sort(shuffle(3,1,2))", "a=shuffle(sort(3,1,2))",
        "a=tag(t1,choice(1,2))", "a=tag(t1,t2,range(3))", "a=tag(t,interval(0,1))", "a=tag(t,sweep=choice(1,2))",
        "a=interval(0,1)", "a=interval(0.1,2.5)", "a=float(interval(1,2))", "a=int(interval(1.5,2.5))",
        "a=glob(*)", "a=glob(res*)", "a=glob(*,exclude=tiny*)", "a=glob([dbnet*,craft])", "a=glob(*,exclude=[*a*,*b*])",
        "a=glob('d*')", "a=glob(?ig)", "a=glob([cd]*)", "a=glob([!cd]*)", "a=glob(a\\[1\\])", "a=glob(include=*,exclude=d*)",
        "a=glob(nothing)", "+group=glob(*)", "a=choice(1,2),3",
    ]

    static let invalid = [
        "", "a", "a.01=1", "0=1", "a =1", " a=1", "a b=1", "a.=1", ".a=1", "a..b=1", "é=1", "'a'=1", "-a=1",
        "a@b:c=1", "a@b@c=1", "a.b/c=1", "a/b.c=1", "a/=1", "/a=1", "a/$b=1", "$a/b=1", "+++a=1", "~+a=1", "+~a=1",
        "a+b=1", "~a b", "a=b=c", "a='x'y", "a='x' ", "a=x'y'", "a='unterminated", "a=\"unterminated",
        "a='abc\\'", "a=b#c", "a=b!c", "a=a&b", "a=a;b", "a=<x>", "a=^", "a=~x", "a=é", "a=[1,2", "a=[1,2] ",
        "a=[1,,2]", "a=[,]", "a={a:1", "a={a}", "a={'a':1}", "a={${x}:1}", "a={:1}", "a=1,", "a=,1", "a=1,,2",
        "a=(", "a=)", "a=]", "a=}", "a=${x", "a=${}", "a=${a.${b}}", "a=f(1)", "a=foo(", "a=int(", "a=int(1",
        "a=int()", "a=int(1,value=2)", "a=int('abc')", "a=int(null)", "a=int(inf)", "a=int(nan)", "a=float('x')",
        "a=bool('yes')", "a=bool('')", "a=str(null)", "a=str(range(3))", "a=bool(interval(0,1))",
        "a=choice()", "a=choice(choice(1,2))", "a=choice(1,choice(2,3))", "a=choice(null)", "a=choice(range(3))",
        "a=range()", "a=range(a,b)", "a=range(1,2,3,4)", "a=range('1',2)", "a=range(1,x=2)", "a=range(1,start=2)",
        "a=range(1,5,0)", "a=range(0,1,0.0)", "a=range([1],2)", "a=range(1,5,step=null)", "a=interval(1)",
        "a=interval(a,b)", "a=tag(choice(1,2),x)", "a=tag(x)", "a=tag()", "a=tag(1,choice(1,2))",
        "a=tag(sweep=choice(1,2))", "a=tag(t,glob(*))", "a=sort()", "a=sort(1,[2])", "a=sort(a,1)",
        "a=sort([a,1])", "a=sort(null)", "a=sort(1,2,reverse=1)", "a=sort(glob(*))", "a=sort(interval(0,1))",
        "a=shuffle(null)", "a=shuffle(glob(*))", "a=shuffle(interval(0,1))", "a=shuffle(list=x)",
        "a=glob()", "a=glob(1)", "a=glob(*,exclude=1)", "a=glob(*,*)", "a=[choice(1,2)]", "a={x:range(3)}", "a={x:range(3),x:1}", "a={1:choice(1,2),true:[x]}",
        "a=range(0,3),5", "a=sort(x=1)", "a=int(x=1)", "a=choice(a=1)", "a=x(1)", "a=int(1) ", "a=int(1)x",
        "a=1e999999999999999999999",
    ]

    /// Whitespace, tabs and token boundaries where the lexer's longest-match rule decides.
    static let edges = [
        "a=\t1", "a=1\t", "a=[\t1\t,\t2\t]", "a={\ta\t:\t1\t}", "a=int\t(\t1\t)", "a=1 ,2", "a=1, 2", "a=1 , 2",
        "a= 1 ,2 ", "a=x y,z", "a=[1 ,2 ]", "a=[ ]", "a={ }", "a=f( )", "a=choice( )", "a= ", "a=\t", "a=  x",
        "a=${a}${b}", "a=${a} ${b}", "a=$${a}", "a=${a:b,c}", "a=${ }", "a=1.5e", "a=1.5e+", "a=1e+5", "a=1e-05",
        "a=0x10", "a=0o7", "a=1_000.000_1", "a=-0", "a=-0.0", "a=+.5", "a=5.e-1", "a=1_e5", "a=.e5", "a=..5",
        "a=nan.5", "a=inf_x", "a=-infx", "a=truex", "a=true_1", "a=null-x", "a=_", "a=-_-", "a=a-1", "a=1a",
        "a=\\", "a=\\\\\\\\", "a=x\\", "a=\\ ", "a=\\\t", "a=\\ x\\ ", "a=[\\]]", "a={\\}:x}", "a='\\''", "a=\"\\\"\"",
        "a='\\\\\\\\'", "a='x''y'", "a='a'\"b\"", "a=\"'\"", "a='\"'", "a=['a,b']", "a=['a' ,'b']", "a=[a'b']",
        "a=@", "a=a@b.c", "a=?", "a=%", "a=|", "a=+", "a=++", "a=a+b", "a=a/b/c", "a=a.b.c", "a=/", "a=$",
        "a=:a", "a=a:", "a=a::b", "a= :b", "a=(a)", "a=a(b)", "a=1(2)", "a=[1](2)", "a=int(1)(2)",
        "a.b_c-d.0.e$=1", "a.b$c=1", "a$=1", "$=1", "_=1", "__=1", "a-=1", "-=1", "a/b-c/d_e=1", "a/b$=1",
        "+a/b@c=1", "++a/b=1", "~a/b", "~a@b", "~a/b@c=x", "a@b.c.d=1", "a@b-c=1", "a@$=1", "a@1=1", "a@1.2=1",
        "a.1_0=1", "a.1__0=1", "a.0b=1", "a.00=1", "a.0.0=1", "a.-1=1", "A=1", "a=1=", "a=[1]=", "a==1",
        "a=tag(a,b,c,choice(1))", "a=tag('x y',choice(1))", "a=sort(list=[3,1],reverse=false)",
        "a=sort([[1,2],[1],[0,5]])", "a=sort([b,a],reverse=true)", "a=sort(true,0,1.5,-1)", "a=sort(1,1.0,true)",
        "a=sort(1,1.0,true,reverse=true)", "a=sort(['b','a'])", "a=sort([a])", "a=sort([null,null])",
        "a=shuffle(list=[1])", "a=shuffle([])", "a=shuffle()", "a=int(shuffle(1,2))", "a=choice(shuffle(1,2))",
        "a=str(1e16)", "a=str(1e-5)", "a=str(-0.0)", "a=float('1_0')", "a=float('_1')", "a=float('1__0')",
        "a=int('0x10')", "a=int('+0_7')", "a=int('  -3  ')", "a=float('.')", "a=float('1.e2')", "a=float('nan')",
        "a=bool(2)", "a=bool(-0.0)", "a=bool('True')", "a=str(str(1))", "a=int(float('2.5'))", "a=int(value=null)",
        "a=float([])", "a=int({})", "a=int({a:'1'})", "a=str({1:2})",
        "a=range(0,1,0.25)", "a=range(-0.5,0.5,0.1)", "a=range(1e15,1e15+3)", "a=range(0.1,0.4,0.1)",
        "a=range(3,0,-0.5)", "a=range(0,10,-1)", "a=range(10,0)", "a=range(0,3,1.0)", "a=range(0,1,1e-1)",
        "a=sort(range(0,1,0.25),reverse=true)", "a=sort(range(3,0,-1.5))", "a=shuffle(sort(range(3)))",
        "a=glob(*a*)", "a=glob([*a*,*b*],exclude=*5*)", "a=glob(exclude=a,include=*)", "a=glob(*,exclude=null)",
        "a=glob([])", "a=glob(*[0-9])", "a=glob(*[!0-9])", "a=glob(\\[*)",
    ]
}
