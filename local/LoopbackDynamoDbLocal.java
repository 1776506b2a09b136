/*
 * Starts AWS's DynamoDB Local bound to 127.0.0.1. Its jar has no option for the listening address
 * (Jetty binds every interface), so this launcher sets the connector's host before starting it.
 * Run as a single-file source program (java LoopbackDynamoDbLocal.java ...) with the jar on the
 * class path; it takes DynamoDB Local's own arguments.
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    for (Connector connector : jetty.getConnectors()) ((ServerConnector) connector).setHost("127.0.0.1");
    // Stop with whoever started us: our standard input is a pipe from that process, and it
    // closes when the process dies, however it dies (even SIGKILL leaves no DynamoDB Local behind).
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {}
      } catch (java.io.IOException closed) {
        // closed: the parent is gone
      }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    proxy.start();
    proxy.join();
  }
}
