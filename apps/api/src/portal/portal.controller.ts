import { ApiProblems, EnvironmentVariables, mintDevToken, ProblemException } from '@chengguo/common';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { DEMO_USERS } from './demo-users';
import { portalSettings, PortalSettings } from './portal-settings';

const DEV_TOKEN_SECONDS = 8 * 3600;

class DemoUserView {
  @ApiProperty() userId: string;
  @ApiProperty() name: string;
  @ApiProperty() role: string;
  @ApiPropertyOptional({ enum: ['co_inventor', 'tto_head', 'audit_lead'] }) note?: string;
}

class OidcSettings {
  @ApiProperty({ description: 'The issuer (authority) the portal signs in with' }) authority: string;
  @ApiProperty() clientId: string;
  @ApiProperty() scope: string;
}

class PortalConfig {
  @ApiProperty({ enum: ['dev', 'oidc'] }) authMode: 'dev' | 'oidc';
  @ApiPropertyOptional({ type: OidcSettings, description: 'Only when authMode is oidc' }) oidc?: OidcSettings;
  @ApiProperty({ type: [DemoUserView], description: 'Only when authMode is dev; empty otherwise' }) demoUsers: DemoUserView[];
}

class DevLoginRequest {
  @ApiProperty({ example: 'li.lei' }) @IsString() @Matches(/^[\w.@:-]{1,128}$/) userId: string;
}

class DevLoginAnswer {
  @ApiProperty() accessToken: string;
  @ApiProperty() expiresIn: number;
  @ApiProperty({ type: DemoUserView }) user: DemoUserView;
}

/**
 * What the portal needs before anyone signs in: how to sign in (the development issuer, or the
 * unit's OIDC provider with PKCE) and, on the embedded default only, the demo users it may sign in
 * as. Both routes are public; the development login refuses to exist outside AUTH_MODE=dev.
 */
@ApiTags('portal')
@Controller('portal')
export class PortalController {
  private readonly settings: PortalSettings;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.settings = portalSettings(config);
  }

  @Get('config')
  @ApiOperation({ summary: 'How the portal signs in: the development issuer with its demo users, or OIDC (authorization code + PKCE)' })
  @ApiOkResponse({ type: PortalConfig })
  portalConfig(): PortalConfig {
    const { authMode, oidc } = this.settings;
    if (oidc) return { authMode, oidc: { ...oidc }, demoUsers: [] };
    return { authMode, demoUsers: DEMO_USERS.map((u) => ({ ...u })) };
  }

  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only (AUTH_MODE=dev): a token of the development issuer for one of the listed demo users' })
  @ApiOkResponse({ type: DevLoginAnswer })
  // DEV_LOGIN_UNAVAILABLE: not AUTH_MODE=dev.
  @ApiProblems({ 404: ['DEV_LOGIN_UNAVAILABLE', 'DEMO_USER_UNKNOWN'] })
  async devLogin(@Body() body: DevLoginRequest): Promise<DevLoginAnswer> {
    // Refused, not hidden behind a flag: outside the embedded default no one may mint a token here.
    const devLogin = this.settings.devLogin;
    if (!devLogin) {
      throw new ProblemException(404, 'DEV_LOGIN_UNAVAILABLE', 'The development login exists only with AUTH_MODE=dev.');
    }
    const user = DEMO_USERS.find((u) => u.userId === body.userId);
    if (!user) throw new ProblemException(404, 'DEMO_USER_UNKNOWN', `${body.userId} is not one of the demo users.`);
    const accessToken = await mintDevToken(devLogin.secret, {
      userId: user.userId,
      role: user.role,
      ttlSeconds: DEV_TOKEN_SECONDS,
    });
    return { accessToken, expiresIn: DEV_TOKEN_SECONDS, user: { ...user } };
  }
}
