/**
 * A NestJS application whose controllers take decorum models as request
 * bodies. Legacy decorators only: Nest's parameter decorators (`@Body()`)
 * do not exist under standard decorators, and Nest reads a parameter's type
 * from emitDecoratorMetadata's `design:paramtypes`. So this module is
 * type-checked by tsconfig.legacy.json only (tsconfig.json excludes
 * `*.legacy.ts`) and loaded by decorum-pipe.test.ts in the legacy projects.
 */
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { Body, Controller, Get, type INestApplication, Module, Param, Post, Query, UsePipes } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { integer, positive } from "../../src/descriptors/index.js";
import { DecorumPipe } from "../../src/nest/index.js";
import { field, model } from "../../src/registry/index.js";

@model("test.nest.LineItem")
export class LineItem {
  @field(String) accessor sku = "";
  @positive @integer @field(Number) accessor quantity = 1;
  @positive @field(Number) accessor price = 1;
}

@model("test.nest.Order")
export class Order {
  @field(String) accessor id = "";
  @field(Date) accessor placed = new Date(0);
  @field([LineItem]) accessor lines: LineItem[] = [];

  total(): number {
    return this.lines.reduce((sum, l) => sum + l.quantity * l.price, 0);
  }
}

/** What the routes answer: computed by the instance, and what it is made of. */
function receipt(order: Order) {
  return {
    id: order.id,
    total: order.total(),
    isOrder: order instanceof Order,
    linesAreItems: order.lines.every((l) => l instanceof LineItem),
    placed: order.placed.toISOString(),
  };
}

@Controller("orders")
class OrdersController {
  @Post()
  create(@Body() order: Order) {
    return receipt(order);
  }

  @Post("echo")
  echo(@Body() order: Order) {
    return order; // Nest writes it with JSON.stringify: the model's toJSON gives its plain JSON
  }

  @Get(":id")
  find(@Param("id") id: string, @Query("verbose") verbose: string) {
    return { id, verbose: verbose ?? null };
  }
}

@Controller("scoped")
@UsePipes(DecorumPipe)
class ScopedController {
  @Post()
  create(@Body() order: Order) {
    return receipt(order);
  }
}

/** How the application uses the pipe: registered globally, or only where a controller says `@UsePipes(DecorumPipe)`. */
export type PipeSetup = "global" | "scoped";

/** A running application on 127.0.0.1 and the base URL it listens on. */
export interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
}

/** Starts an application on 127.0.0.1 on a free port. */
export async function startApp(setup: PipeSetup): Promise<RunningApp> {
  @Module({ controllers: [OrdersController, ScopedController] })
  class AppModule {}

  const app = await NestFactory.create(AppModule, { logger: false });
  if (setup === "global") app.useGlobalPipes(new DecorumPipe());
  await app.listen(0, "127.0.0.1");
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}
