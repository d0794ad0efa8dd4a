import { Global, Module } from '@nestjs/common';
import { Clock } from './clock.js';

/** Plumbing every capability shares: the clock. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class CommonModule {}
