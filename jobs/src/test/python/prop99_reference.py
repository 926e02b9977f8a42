# Independent numpy reference for Prop99ValidationTest (run: python3 prop99_reference.py; numpy 2.4.6).
# Same objectives as the Java estimators, different code: plain FISTA, fixed 20000 steps.
import numpy as np, csv
rows=list(csv.DictReader(open(__import__('sys').argv[1] if len(__import__('sys').argv) > 1 else '../../../../shared/datasets/california_prop99.csv'),delimiter=';'))
states=sorted(set(r['State'] for r in rows)); years=sorted(set(int(r['Year']) for r in rows))
Y={ (r['State'],int(r['Year'])):float(r['PacksPerCapita']) for r in rows}
ctrl=[s for s in states if s!='California']
Y0=np.array([[Y[(s,y)] for y in years] for s in ctrl]); y1=np.array([Y[('California',y)] for y in years])
pre=np.array([y<1989 for y in years]); post=~pre
did=(y1[post].mean()-y1[pre].mean())-(Y0[:,post].mean()-Y0[:,pre].mean()); print('did',did)
def simplex_ls(A,b,eta,intercept,iters=200000):
    # min ||A w - b||^2/n + eta*||w||^2 ; A n x m
    if intercept: A=A-A.mean(0); b=b-b.mean()
    n,m=A.shape
    w=np.ones(m)/m
    L=2*(np.linalg.norm(A,2)**2/n+eta)
    def proj(v):
        u=np.sort(v)[::-1]; css=np.cumsum(u); k=np.arange(1,len(v)+1); r=np.nonzero(u-(css-1)/k>0)[0][-1]; th=(css[r]-1)/(r+1); return np.maximum(v-th,0)
    z=w.copy(); t=1
    for i in range(iters):
        g=2*(A.T@(A@z-b))/n+2*eta*z
        wn=proj(z-g/L); tn=(1+np.sqrt(1+4*t*t))/2; z=wn+(t-1)/tn*(wn-w); w=wn; t=tn
    return w
sigma=np.std(np.diff(Y0[:,pre],axis=1),ddof=1); print('sigma',sigma)
T0=pre.sum(); T1=post.sum()
w=simplex_ls(Y0[:,pre].T,y1[pre],(1e-6*sigma)**2,False,20000)
print('sc',(y1[post]-w@Y0[:,post]).mean(), sorted([(round(x,3),ctrl[i]) for i,x in enumerate(w) if x>1e-3],reverse=True))
zo=(1*T1)**0.25*sigma
om=simplex_ls(Y0[:,pre].T,y1[pre],zo**2,True,20000)
lam=simplex_ls(Y0[:,pre],Y0[:,post].mean(1),(1e-6*sigma)**2,True,20000)
sdid=(y1[post].mean()-lam@y1[pre])-(om@Y0[:,post].mean(1)-om@Y0[:,pre]@lam)
print('sdid',sdid, lam.round(3))
