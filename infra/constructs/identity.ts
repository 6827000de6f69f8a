import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { roles } from '../../functions/domain/principal';

export interface IdentityProps {
  /** Where the web app lives (scheme and host, no path): its sign-in page is the callback. */
  webOrigin: string;
  /** The Cognito hosted domain's prefix: https://<prefix>.auth.<aws region>.amazoncognito.com */
  domainPrefix: string;
}

/** The custom attributes a person carries into the ID token (`custom:<name>`). */
export const customAttributes = ['region', 'facility', 'district'] as const;

/** The scopes the web app asks for. */
export const signInScopes = ['openid', 'profile', 'email', 'phone'] as const;

/**
 * Who may sign in: a Cognito user pool whose groups are the roles of
 * functions/domain/principal.ts, with the region, facility and district a person works in.
 * Admins create the accounts (no self sign-up); the web app signs in through the hosted
 * domain with the authorization code grant and PKCE (a public client: no secret).
 */
export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** The token issuer, as the JWT authorizer and the handlers check it. */
  readonly issuer: string;
  /** https://<prefix>.auth.<region>.amazoncognito.com */
  readonly domainUrl: string;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const webOrigin = props.webOrigin.replace(/\/+$/, '');
    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: 'verkeerstoren',
      selfSignUpEnabled: false,
      // Sign in with the username an admin gave, or the (verified) e-mail address.
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        fullname: { required: true, mutable: true },
        phoneNumber: { required: false, mutable: true },
        email: { required: false, mutable: true },
      },
      // Mutable so an admin can move someone; the web client may read but never write them.
      customAttributes: Object.fromEntries(customAttributes.map((a) => [a, new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true })])),
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Patient data: two factors for everyone (NEN 7510), with an authenticator app.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      userVerification: {
        emailSubject: 'Bevestig uw e-mailadres voor de Verkeerstoren',
        emailBody: 'Uw bevestigingscode is {####}.',
      },
      userInvitation: {
        emailSubject: 'Uw account voor de Verkeerstoren',
        emailBody: 'Uw gebruikersnaam is {username}, uw tijdelijke wachtwoord {####}. Kies bij de eerste aanmelding een eigen wachtwoord.',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    roles.forEach((role, i) => {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Rol ${role}`,
        // One role per person is the rule; should someone be in two groups, the lower number comes first in cognito:groups.
        precedence: i,
      });
    });

    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({ fullname: true, phoneNumber: true, phoneNumberVerified: true, email: true, emailVerified: true })
      .withCustomAttributes(...customAttributes);
    const oauthScopes: Record<(typeof signInScopes)[number], cognito.OAuthScope> = {
      openid: cognito.OAuthScope.OPENID,
      profile: cognito.OAuthScope.PROFILE,
      email: cognito.OAuthScope.EMAIL,
      phone: cognito.OAuthScope.PHONE,
    };
    this.webClient = this.userPool.addClient('Web', {
      userPoolClientName: 'verkeerstoren-web',
      // A browser app: no secret it could keep. The code grant with PKCE is the flow.
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: signInScopes.map((s) => oauthScopes[s]),
        callbackUrls: [`${webOrigin}/aanmelden`],
        logoutUrls: [`${webOrigin}/`],
      },
      // Only the hosted sign-in (and refreshing its tokens): no password or SRP calls from the browser.
      authFlows: { userPassword: false, userSrp: false },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      readAttributes: readable,
      // Role, region and facility decide what someone sees: never writable by them. (A
      // required attribute must stay writable; without the admin scope and with no SRP flow,
      // the browser cannot call UpdateUserAttributes anyway.)
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // A shift, not a week.
      refreshTokenValidity: Duration.hours(12),
    });

    this.domain = this.userPool.addDomain('Hosted', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.domainUrl = this.domain.baseUrl();
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
